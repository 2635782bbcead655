using Rehearse.Coding.V1;
using Rehearse.Interview.Core.Errors;

namespace Rehearse.Interview.Core.Coding;

/// <summary>
/// The code runner as the session engine sees it: the problem catalogue and sandboxed runs. The adapter turns the
/// runner's refusals into the engine's errors: a refused field is <see cref="InvalidSessionRequestException"/> (its
/// message as the runner wrote it), a busy runner <see cref="CodeRunnerBusyException"/>, and a runner that cannot be
/// reached <see cref="SessionUnavailableException"/>.
/// </summary>
public interface ICodeRunnerPort
{
    /// <summary>True when the service is configured with a code runner.</summary>
    bool Configured { get; }

    /// <summary>The catalogue's problems (summaries), ordered by difficulty then id.</summary>
    Task<IReadOnlyList<ProblemSummary>> ListProblemsAsync(CancellationToken cancellationToken);

    /// <summary>One problem with its statement, starter code, examples, hints and explanation points.</summary>
    Task<Problem> GetProblemAsync(string problemId, CancellationToken cancellationToken);

    /// <summary>
    /// Runs code to completion. With <paramref name="output"/>, the program's output is handed over as it appears
    /// (a streamed run); cancelling stops the program.
    /// </summary>
    Task<RunCodeResponse> RunAsync(RunCodeRequest request, Func<OutputChunk, CancellationToken, Task>? output, CancellationToken cancellationToken);
}

/// <summary>The code runner is running as many programs as it may; retry shortly.</summary>
public sealed class CodeRunnerBusyException(string message, Exception? innerException = null) : SessionException(message, innerException);
