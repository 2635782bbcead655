using Rehearse.Speech.Recognition.Turns;

namespace Rehearse.Speech.Recognition.UnitTests.Turns;

public sealed class BackchannelsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("Yeah.")]
    [InlineData("Mm-hmm.")]
    [InlineData("Uh-huh.")]
    [InlineData("Okay, got it.")]
    [InlineData("Yeah, yeah, yeah.")]
    [InlineData("I see.")]
    [InlineData("Oh, wow. All right.")]
    [InlineData("That's true.")]
    [InlineData("Make sense.")]
    public void Backchannels_hold_no_turn_word(string text) => Assert.False(Backchannels.HasTurnWord(text));

    [Theory]
    [InlineData("I think")]
    [InlineData("Yeah, I agree with that.")]
    [InlineData("Actually.")]
    [InlineData("Sorry.")]
    [InlineData("I.")]
    [InlineData("Got it, but")]
    [InlineData("Wait.")]
    public void Other_words_take_the_turn(string text) => Assert.True(Backchannels.HasTurnWord(text));

    [Theory]
    [InlineData("Makes")]
    [InlineData("Got")]
    [InlineData("Okay, I")]
    public void A_last_word_that_may_begin_a_backchannel_decides_nothing_while_speech_goes_on(string text)
    {
        Assert.False(Backchannels.HasTurnWord(text, speechGoesOn: true));
        // Said as a whole utterance, it is the start of something else.
        Assert.True(Backchannels.HasTurnWord(text));
    }

    [Theory]
    [InlineData("Got a")]
    [InlineData("I think")]
    [InlineData("Makes no")]
    public void A_word_that_does_not_complete_a_backchannel_takes_the_turn_while_speech_goes_on(string text) =>
        Assert.True(Backchannels.HasTurnWord(text, speechGoesOn: true));
}
