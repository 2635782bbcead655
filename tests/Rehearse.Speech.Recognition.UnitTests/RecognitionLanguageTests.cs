using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class RecognitionLanguageTests
{
    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    [InlineData("EN-au")]
    [InlineData("en_IN")]
    public void English_tags_are_accepted_as_given(string code) => Assert.Equal(code, RecognitionLanguage.Validate(code));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_language_means_US_English(string? code) => Assert.Equal("en-US", RecognitionLanguage.Validate(code));

    [Theory]
    [InlineData("fr-FR", "not supported")]
    [InlineData("es", "not supported")]
    [InlineData("de", "not supported")]
    [InlineData("english please", "not a BCP-47 language tag")]
    [InlineData("e", "not a BCP-47 language tag")]
    public void Other_languages_are_refused_naming_the_field(string code, string reason)
    {
        var error = Assert.Throws<RecognitionArgumentException>(() => RecognitionLanguage.Validate(code));

        Assert.Equal("config.language_code", error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains(code, error.Message, StringComparison.Ordinal);
    }
}
