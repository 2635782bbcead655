using Grpc.Core;
using Rehearse.CodeRunner.Problems.Judging;
using Rehearse.CodeRunner.Sandbox;
using Rehearse.Coding.V1;
using Rehearse.ServiceDefaults;

namespace Rehearse.CodeRunner.Api.Grpc;

/// <summary>The <c>rehearse.coding.v1.CodeRunnerService</c> gRPC surface over the judge.</summary>
[BindServiceMethod(typeof(CodeRunnerGrpcService), nameof(BindService))]
public sealed class CodeRunnerGrpcService(CodeJudge judge) : CodeRunnerService.CodeRunnerServiceBase
{
    /// <summary>Binds the rpcs so that a request the protobuf runtime cannot parse is answered with INVALID_ARGUMENT.</summary>
    public static void BindService(ServiceBinderBase binder, CodeRunnerService.CodeRunnerServiceBase? service) =>
        CodeRunnerService.BindService(new MalformedRequestBinder(binder), service);

    /// <inheritdoc />
    public override Task<ListProblemsResponse> ListProblems(ListProblemsRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = new ListProblemsResponse();
        response.Problems.AddRange(judge.Catalog.Filter(CodeRunnerMapper.ToDifficulty(request.Difficulty), request.Tag).Select(CodeRunnerMapper.ToSummary));
        return Task.FromResult(response);
    }

    /// <inheritdoc />
    public override Task<GetProblemResponse> GetProblem(GetProblemRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (string.IsNullOrEmpty(request.Id))
        {
            throw new SandboxRequestException("id", "required (ListProblems lists the ids)");
        }
        var problem = judge.Catalog.Find(request.Id) ?? throw ProblemNotFoundException.ForId("id", request.Id);
        var timeLimit = problem.TimeLimit is { } own && own <= judge.SandboxOptions.MaxTimeLimit ? own : judge.SandboxOptions.DefaultTimeLimit;
        return Task.FromResult(new GetProblemResponse { Problem = CodeRunnerMapper.ToProblem(problem, timeLimit) });
    }

    /// <inheritdoc />
    public override async Task<RunCodeResponse> RunCode(RunCodeRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var outcome = await judge.RunAsync(CodeRunnerMapper.ToRequest(request), null, context.CancellationToken).ConfigureAwait(false);
        return CodeRunnerMapper.ToResponse(outcome);
    }

    /// <inheritdoc />
    public override async Task StreamRunCode(RunCodeRequest request, IServerStreamWriter<StreamRunCodeResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        // stdout and stderr arrive on two readers; the response stream takes one write at a time.
        using var writeLock = new SemaphoreSlim(1, 1);
        async ValueTask WriteAsync(Sandbox.OutputChunk chunk)
        {
            await writeLock.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                await responseStream.WriteAsync(new StreamRunCodeResponse { Output = CodeRunnerMapper.ToChunk(chunk) }, context.CancellationToken).ConfigureAwait(false);
            }
            finally
            {
                writeLock.Release();
            }
        }

        var outcome = await judge.RunAsync(CodeRunnerMapper.ToRequest(request), WriteAsync, context.CancellationToken).ConfigureAwait(false);
        // The run has ended and its output readers with it: the result is the last event.
        await responseStream.WriteAsync(new StreamRunCodeResponse { Result = CodeRunnerMapper.ToResponse(outcome) }, context.CancellationToken).ConfigureAwait(false);
    }
}
