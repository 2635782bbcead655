using Rehearse.Interview.Core.Errors;

namespace Rehearse.Interview.UnitTests.Sessions;

public sealed class ChunkSequenceTests
{
    [Fact]
    public async Task A_negative_or_far_jumping_chunk_sequence_is_refused_and_later_chunks_still_count()
    {
        await using var s = await SessionDriver.ListeningToFirstAnswerAsync();
        var audio = new byte[3200];

        Assert.Equal(1, await s.Actor.SendAudioAsync(audio, SessionDriver.Format, 1, SessionDriver.Ct));
        var negative = await Assert.ThrowsAsync<InvalidSessionRequestException>(
            () => s.Actor.SendAudioAsync(audio, SessionDriver.Format, -1, SessionDriver.Ct));
        var jump = await Assert.ThrowsAsync<InvalidSessionRequestException>(
            () => s.Actor.SendAudioAsync(audio, SessionDriver.Format, long.MaxValue, SessionDriver.Ct));
        // One past the largest jump allowed is refused; the largest jump itself is taken.
        await Assert.ThrowsAsync<InvalidSessionRequestException>(
            () => s.Actor.SendAudioAsync(audio, SessionDriver.Format, 1_000_002, SessionDriver.Ct));

        Assert.Equal("chunk_sequence", negative.Field);
        Assert.Equal("chunk_sequence", jump.Field);
        Assert.Contains("1000000", jump.Message, StringComparison.Ordinal);
        // The refused numbers were not taken as the highest received: the next chunk is acknowledged as new.
        Assert.Equal(2, await s.Actor.SendAudioAsync(audio, SessionDriver.Format, 2, SessionDriver.Ct));
        Assert.Equal(1_000_002, await s.Actor.SendAudioAsync(audio, SessionDriver.Format, 1_000_002, SessionDriver.Ct));
    }
}
