using Grpc.Core;
using Grpc.Core.Interceptors;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Limits;

/// <summary>
/// Applies the per-key rates of <see cref="CallRateLimits"/> to the rpcs that cost the most: creating sessions,
/// previewing voices, sending answer audio (each <c>SendAudio</c> call and each audio message of <c>Converse</c>) and
/// running code.
/// Runs after <see cref="ApiKeyInterceptor"/>, which identifies the caller.
/// </summary>
public sealed class RateLimitInterceptor(CallRateLimits limits) : Interceptor
{
    private static readonly Dictionary<string, LimitedAction> LimitedUnaryMethods = new(StringComparer.Ordinal)
    {
        [MethodName(nameof(InterviewService.InterviewServiceBase.CreateSession))] = LimitedAction.SessionCreation,
        [MethodName(nameof(InterviewService.InterviewServiceBase.PreviewVoice))] = LimitedAction.VoicePreview,
        [MethodName(nameof(InterviewService.InterviewServiceBase.SendAudio))] = LimitedAction.AudioMessage,
        [MethodName(nameof(InterviewService.InterviewServiceBase.RunCode))] = LimitedAction.CodeRun,
        [MethodName(nameof(InterviewService.InterviewServiceBase.SubmitCode))] = LimitedAction.CodeRun,
    };

    private static readonly string StreamRunCodeMethod = MethodName(nameof(InterviewService.InterviewServiceBase.StreamRunCode));

    /// <inheritdoc />
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (LimitedUnaryMethods.TryGetValue(context.Method, out var action))
        {
            limits.Acquire(action, context.UserId());
        }
        return continuation(request, context);
    }

    /// <inheritdoc />
    public override Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        if (context.Method == StreamRunCodeMethod)
        {
            limits.Acquire(LimitedAction.CodeRun, context.UserId());
        }
        return continuation(request, responseStream, context);
    }

    /// <inheritdoc />
    public override Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context,
        DuplexStreamingServerMethod<TRequest, TResponse> continuation) =>
        continuation(new AudioCountingReader<TRequest>(requestStream, limits, context.UserId()), responseStream, context);

    private static string MethodName(string name) => $"/{InterviewService.Descriptor.FullName}/{name}";

    /// <summary>Takes a permit for every <c>Converse</c> audio message as it is read; a refusal ends the stream.</summary>
    private sealed class AudioCountingReader<T>(IAsyncStreamReader<T> inner, CallRateLimits limits, Guid userId) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (!await inner.MoveNext(cancellationToken))
            {
                return false;
            }
            if (inner.Current is ConverseRequest { ConverseRequestCase: ConverseRequest.ConverseRequestOneofCase.Audio })
            {
                limits.Acquire(LimitedAction.AudioMessage, userId);
            }
            return true;
        }
    }
}
