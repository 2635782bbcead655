using Grpc.Core;
using Rehearse.Interview.Api.Sessions;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>Writing a session's events, as its grain streams them, to a response stream.</summary>
internal static class EventStreaming
{
    /// <summary>
    /// Writes every event until the session finishes. A client that cannot keep up gets ABORTED, and one whose
    /// session moved to another silo (its silo stopped) UNAVAILABLE: either resumes with the last sequence it saw.
    /// </summary>
    public static async Task WriteAllAsync(IAsyncEnumerable<SessionEvent> events, Func<SessionEvent, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var sessionEvent in SessionCallException.Unwrap(events, cancellationToken))
            {
                await write(sessionEvent);
            }
        }
        catch (SubscriberLaggedException e)
        {
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && SessionRefusalFilter.IsSessionMoved(e))
        {
            throw new RpcException(new Status(StatusCode.Unavailable,
                "The session moved to another Interview server; resume with after_sequence set to the last sequence received."));
        }
    }
}
