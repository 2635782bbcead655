using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Coding.V1;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Errors;

namespace Rehearse.Interview.Api.Coding;

/// <summary>
/// The session engine's <see cref="ICodeRunnerPort"/> over the code runner's generated gRPC client: every call has a
/// deadline, and the runner's statuses become the engine's errors (INVALID_ARGUMENT keeps the runner's message, which
/// names the field and the limit; RESOURCE_EXHAUSTED means busy; an outage is unavailable).
/// </summary>
internal sealed partial class CodeRunnerGateway(
    CodeRunnerService.CodeRunnerServiceClient client, IOptions<CodeRunnerClientOptions> options, ILogger<CodeRunnerGateway> logger) : ICodeRunnerPort
{
    // The runner's longest wall-clock limit for one run.
    private static readonly TimeSpan LongestRun = TimeSpan.FromSeconds(30);

    private CodeRunnerClientOptions Options => options.Value;

    /// <inheritdoc />
    public bool Configured => Options.Configured;

    /// <inheritdoc />
    public Task<IReadOnlyList<ProblemSummary>> ListProblemsAsync(CancellationToken cancellationToken) => CallAsync(async () =>
    {
        var response = await client.ListProblemsAsync(new ListProblemsRequest(), deadline: Deadline(Options.CallTimeout), cancellationToken: cancellationToken);
        return (IReadOnlyList<ProblemSummary>)response.Problems;
    }, cancellationToken);

    /// <inheritdoc />
    public Task<Problem> GetProblemAsync(string problemId, CancellationToken cancellationToken) => CallAsync(async () =>
        (await client.GetProblemAsync(new GetProblemRequest { Id = problemId }, deadline: Deadline(Options.CallTimeout), cancellationToken: cancellationToken)).Problem,
        cancellationToken);

    /// <inheritdoc />
    public Task<RunCodeResponse> RunAsync(RunCodeRequest request, Func<OutputChunk, CancellationToken, Task>? output, CancellationToken cancellationToken) => CallAsync(async () =>
    {
        var deadline = Deadline(LongestRun + Options.RunGrace);
        if (output is null)
        {
            return await client.RunCodeAsync(request, deadline: deadline, cancellationToken: cancellationToken);
        }
        using var call = client.StreamRunCode(request, deadline: deadline, cancellationToken: cancellationToken);
        await foreach (var message in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (message.EventCase == StreamRunCodeResponse.EventOneofCase.Output)
            {
                await output(message.Output, cancellationToken);
            }
            else if (message.EventCase == StreamRunCodeResponse.EventOneofCase.Result)
            {
                return message.Result;
            }
        }
        throw new RpcException(new Status(StatusCode.Internal, "The code runner ended the stream without a result."));
    }, cancellationToken);

    private static DateTime Deadline(TimeSpan timeout) => DateTime.UtcNow + timeout;

    private async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        if (!Configured)
        {
            throw new SessionStateException("This server has no code runner (CodeRunner:Address).");
        }
        try
        {
            return await call();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("The run was cancelled.", e, cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            // The runner names the field ("source: at most 65536 bytes of UTF-8 (was …)"); the request fields share its names.
            var detail = e.Status.Detail;
            var colon = detail.IndexOf(": ", StringComparison.Ordinal);
            throw colon > 0 ? new InvalidSessionRequestException(detail[..colon], detail[(colon + 2)..]) : new InvalidSessionRequestException("source", detail);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
        {
            throw new CodeRunnerBusyException($"The code runner is busy ({e.Status.Detail}); retry in a few seconds.", e);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            throw new SessionStateException($"The problem is no longer in the code runner's catalogue ({e.Status.Detail}).");
        }
        catch (RpcException e)
        {
            LogRunnerFailed(logger, e.StatusCode, e.Status.Detail);
            throw new SessionUnavailableException("The code runner is unavailable; your code is kept in the editor: retry shortly.", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The code runner failed: {Status} {Detail}")]
    private static partial void LogRunnerFailed(ILogger logger, StatusCode status, string detail);
}
