using Grpc.Core;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>Writing a subscription's events to a response stream.</summary>
internal static class EventStreaming
{
    /// <summary>
    /// Writes every event until the session finishes. A client that cannot keep up gets ABORTED and resumes with
    /// the last sequence it saw.
    /// </summary>
    public static async Task WriteAllAsync(EventSubscription subscription, Func<SessionEvent, Task> write, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var sessionEvent in subscription.ReadAllAsync(cancellationToken))
            {
                await write(sessionEvent);
            }
        }
        catch (SubscriberLaggedException e)
        {
            throw new RpcException(new Status(StatusCode.Aborted, e.Message));
        }
    }
}
