namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>One stored session event (every event except interviewer audio), for replay.</summary>
internal sealed class EventEntity
{
    public Guid SessionId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset Time { get; set; }

    /// <summary>The event's case name, e.g. <c>StateChanged</c>, for reading the table by hand.</summary>
    public required string Kind { get; set; }

    /// <summary>The <c>rehearse.interview.v1.SessionEvent</c> message in protobuf binary form.</summary>
    public required byte[] Payload { get; set; }
}
