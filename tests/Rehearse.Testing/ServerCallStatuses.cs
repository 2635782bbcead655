using System.Collections.Concurrent;
using System.Diagnostics;

namespace Rehearse.Testing;

/// <summary>
/// Records the gRPC status with which an in-process server ended each call made while this object lives, as the
/// server itself reports it: gRPC tags the server's request activity with <c>grpc.status_code</c>. The client's
/// view is not enough: a client whose deadline passes reports DEADLINE_EXCEEDED whatever the server decided.
/// </summary>
/// <remarks>
/// Create it in the test's own flow: it starts a trace that the test's calls carry (<c>traceparent</c>), so calls
/// of tests running in parallel are not counted.
/// </remarks>
public sealed class ServerCallStatuses : IDisposable
{
    private const string ServerRequestActivity = "Microsoft.AspNetCore.Hosting.HttpRequestIn";
    private static readonly ActivitySource Tests = new("Rehearse.Testing.ServerCallStatuses");

    private readonly ConcurrentQueue<(string Method, string Status)> _ended = new();
    private readonly ActivityListener _listener;
    private readonly Activity _trace;

    /// <summary>Starts recording, and a trace for the calls that follow in this flow.</summary>
    public ServerCallStatuses()
    {
        var traceId = default(ActivityTraceId);
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == Tests || source.Name == "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == Tests || options.Parent.TraceId == traceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId && activity.OperationName == ServerRequestActivity
                    && activity.GetTagItem("grpc.status_code") is string status)
                {
                    _ended.Enqueue((activity.GetTagItem("grpc.method") as string ?? "", status));
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _trace = Tests.StartActivity("functional test") ?? throw new InvalidOperationException("The test trace was not sampled.");
        traceId = _trace.TraceId;
    }

    /// <summary>
    /// The status codes (as numbers, e.g. "4" for DEADLINE_EXCEEDED) of the calls to <paramref name="method"/>
    /// (e.g. <c>/rehearse.speech.v1.SpeechService/Recognize</c>), waiting up to 10 s for <paramref name="count"/>
    /// of them to end.
    /// </summary>
    public async Task<IReadOnlyList<string>> WaitForAsync(string method, int count = 1)
    {
        var waited = Stopwatch.StartNew();
        while (Of(method).Count < count && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }
        return Of(method);
    }

    private List<string> Of(string method) => [.. _ended.Where(e => e.Method == method).Select(e => e.Status)];

    /// <inheritdoc />
    public void Dispose()
    {
        _trace.Dispose();
        _listener.Dispose();
    }
}
