namespace Rehearse.Console.Connection;

/// <summary>
/// Every call carries a deadline, so a service that stops answering ends the command with DEADLINE_EXCEEDED
/// instead of a hang. Work that scales with input (audio, text) gets time in proportion.
/// </summary>
public static class Deadlines
{
    /// <summary>Time allowed for a short request/response call.</summary>
    public static readonly TimeSpan Unary = TimeSpan.FromSeconds(30);

    /// <summary>Time allowed for a call whose end the client does not know in advance (live audio, an interview).</summary>
    public static readonly TimeSpan Open = TimeSpan.FromHours(6);

    /// <summary>
    /// Time allowed for running code in the coding round: a run may take up to the runner's cap (30 s), and a
    /// submission runs every test; waiting for a free runner slot comes on top.
    /// </summary>
    public static readonly TimeSpan CodeRun = TimeSpan.FromMinutes(2);

    /// <summary>A deadline <paramref name="allowance"/> from now.</summary>
    public static DateTime After(TimeSpan allowance) => DateTime.UtcNow + allowance;

    /// <summary>The deadline of a short call.</summary>
    public static DateTime ForUnary() => After(Unary);

    /// <summary>
    /// The deadline of a call that processes <paramref name="audio"/> of audio: a minute of slack plus twice the
    /// audio's length (recognition on a small CPU runs well above real time, and real-time pacing takes 1x).
    /// </summary>
    public static DateTime ForAudio(TimeSpan? audio) =>
        audio is { } length ? After(TimeSpan.FromMinutes(1) + 2 * length) : After(Open);

    /// <summary>The deadline of a synthesis of <paramref name="characters"/> characters.</summary>
    public static DateTime ForText(int characters) => After(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(0.2 * characters));
}
