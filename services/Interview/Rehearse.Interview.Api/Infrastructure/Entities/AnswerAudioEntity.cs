namespace Rehearse.Interview.Api.Infrastructure.Entities;

/// <summary>The audio of one spoken answer, kept only when answer audio retention is on.</summary>
internal sealed class AnswerAudioEntity
{
    public Guid SessionId { get; set; }

    public int TurnIndex { get; set; }

    public int SampleRateHertz { get; set; }

    /// <summary>Mono 16-bit little-endian PCM.</summary>
    public required byte[] Pcm { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
