namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>The audio of one spoken answer, kept only when answer audio retention is on.</summary>
internal sealed class AnswerAudioEntity
{
    public Guid SessionId { get; set; }

    public int TurnIndex { get; set; }

    /// <summary>Value of <see cref="Encoding"/> for signed 16-bit little-endian samples.</summary>
    public const string Linear16 = "linear16";

    /// <summary>Value of <see cref="Encoding"/> for 32-bit little-endian float samples.</summary>
    public const string Float32 = "float32";

    public int SampleRateHertz { get; set; }

    /// <summary>The sample encoding of <see cref="Pcm"/>: <see cref="Linear16"/> or <see cref="Float32"/>.</summary>
    public string Encoding { get; set; } = Linear16;

    /// <summary>Mono PCM as the client sent it.</summary>
    public required byte[] Pcm { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
