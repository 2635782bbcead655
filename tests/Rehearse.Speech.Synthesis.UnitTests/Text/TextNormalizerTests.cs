using Rehearse.Speech.Synthesis.Text;

namespace Rehearse.Speech.Synthesis.UnitTests.Text;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("I have 3 cats.", "I have three cats.")]
    [InlineData("It costs 1,234 points.", "It costs one thousand two hundred thirty-four points.")]
    [InlineData("Pi is about 3.14.", "Pi is about three point one four.")]
    [InlineData("The temperature was -5 today.", "The temperature was minus five today.")]
    [InlineData("We had 1000000 users.", "We had one million users.")]
    [InlineData("Agent 007 arrived.", "Agent zero zero seven arrived.")]
    [InlineData("Give me 5, 6 and 7.", "Give me five, six and seven.")]
    [InlineData("It takes 5-10 minutes.", "It takes five to ten minutes.")]
    [InlineData("About 1/2 of them and 3/4 of those.", "About one half of them and three quarters of those.")]
    public void Reads_numbers(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("She finished 1st and he was 22nd.", "She finished first and he was twenty-second.")]
    [InlineData("The 3rd and 4th items.", "The third and fourth items.")]
    [InlineData("Our 101st meeting.", "Our one hundred first meeting.")]
    public void Reads_ordinals(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("It costs $5.", "It costs five dollars.")]
    [InlineData("It costs $1.", "It costs one dollar.")]
    [InlineData("It costs $3.50 today.", "It costs three dollars and fifty cents today.")]
    [InlineData("Only $0.99!", "Only ninety-nine cents!")]
    [InlineData("They raised $2.5 million.", "They raised two point five million dollars.")]
    [InlineData("Revenue hit $3B.", "Revenue hit three billion dollars.")]
    [InlineData("A salary of $120k.", "A salary of one hundred twenty thousand dollars.")]
    [InlineData("It was €20 or £15.", "It was twenty euros or fifteen pounds.")]
    [InlineData("Growth of 15% this year.", "Growth of fifteen percent this year.")]
    [InlineData("Uptime was 99.9%.", "Uptime was ninety-nine point nine percent.")]
    public void Reads_currency_and_percentages(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("The deadline is 2024-03-15.", "The deadline is March fifteenth, twenty twenty-four.")]
    [InlineData("Due on March 5, 2025.", "Due on March fifth, twenty twenty-five.")]
    [InlineData("Starting Jan 3rd.", "Starting January third.")]
    [InlineData("On 4 July 1776 it began.", "On the fourth of July, seventeen seventy-six it began.")]
    [InlineData("Born 12/25/1999.", "Born December twenty-fifth, nineteen ninety-nine.")]
    [InlineData("It happened in 1984.", "It happened in nineteen eighty-four.")]
    [InlineData("Since 2005 we grew.", "Since two thousand five we grew.")]
    [InlineData("From 2020-2024 it grew.", "From twenty twenty to twenty twenty-four it grew.")]
    [InlineData("Music of the 1990s and the 80s.", "Music of the nineteen nineties and the eighties.")]
    public void Reads_dates(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("Meet at 10:30.", "Meet at ten thirty.")]
    [InlineData("Meet at 9:05 am.", "Meet at nine oh five A-M.")]
    [InlineData("Meet at 3:00.", "Meet at three o'clock.")]
    [InlineData("Meet at 3pm.", "Meet at three P-M.")]
    [InlineData("Meet at 7 p.m. sharp.", "Meet at seven P-M sharp.")]
    [InlineData("The build runs at 14:00.", "The build runs at fourteen hundred.")]
    public void Reads_times(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("Dr. Smith will see you.", "Doctor Smith will see you.")]
    [InlineData("Mr. and Mrs. Jones.", "Mister and Missus Jones.")]
    [InlineData("Use a queue, e.g. a deque.", "Use a queue, for example a deque.")]
    [InlineData("Sorting, searching, etc.", "Sorting, searching, et cetera.")]
    [InlineData("Tabs vs. spaces.", "Tabs versus spaces.")]
    [InlineData("The leader, i.e. the primary, fails.", "The leader, that is the primary, fails.")]
    [InlineData("She lives in the U.S. now.", "She lives in the U-S now.")]
    public void Expands_abbreviations(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("Design an API for it.", "Design an A-P-I for it.")]
    [InlineData("Write the SQL query.", "Write the S-Q-L query.")]
    [InlineData("We run on AWS.", "We run on A-W-S.")]
    [InlineData("How do APIs fail?", "How do A-P-Is fail?")]
    [InlineData("NASA launched it.", "nasa launched it.")]
    [InlineData("Return JSON here.", "Return jason here.")]
    [InlineData("It is OK.", "It is okay.")]
    [InlineData("THIS IS A VERY BAD IDEA.", "this is a very bad idea.")]
    public void Reads_acronyms(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("See https://github.com/rehearse/app for details.", "See github dot com slash rehearse slash app for details.")]
    [InlineData("Visit www.example.org today.", "Visit W-W-W dot example dot org today.")]
    [InlineData("Write to jane.doe@example.com please.", "Write to jane dot doe at example dot com please.")]
    public void Reads_urls_and_email_addresses(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("What is the complexity, O(n log n)?", "What is the complexity, O of n log n?")]
    [InlineData("Can you do it in O(1)?", "Can you do it in O of one?")]
    [InlineData("This is O(n^2) time.", "This is O of n squared time.")]
    [InlineData("Is it O(n*m) or O(n + m)?", "Is it O of n times m or O of n plus m?")]
    [InlineData("It is O(sqrt(n)) space.", "It is O of square root of n space.")]
    [InlineData("Use a HashMap here.", "Use a hash map here.")]
    [InlineData("Prefer std::vector to arrays.", "Prefer standard vector to arrays.")]
    [InlineData("Rename max_heap_size first.", "Rename max heap size first.")]
    [InlineData("Call getUserName now.", "Call get user name now.")]
    [InlineData("Override the toString() method.", "Override the to string method.")]
    [InlineData("A HashMap<String, Integer> works.", "A hash map of String and Integer works.")]
    [InlineData("Use list.append to add.", "Use list dot append to add.")]
    [InlineData("Check the HTTPServer class.", "Check the H-T-T-P server class.")]
    [InlineData("Do you know C++, C# and .NET?", "Do you know C plus plus, C sharp and dot net?")]
    [InlineData("Is Node.js single threaded?", "Is node J-S single threaded?")]
    [InlineData("If a == b and c != d.", "If a equals b and c not equal to d.")]
    [InlineData("Upgrade to v1.2.3 first.", "Upgrade to version one point two point three first.")]
    public void Reads_code_identifiers(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("A latency of 5ms is fine.", "A latency of five milliseconds is fine.")]
    [InlineData("It needs 16GB of memory.", "It needs sixteen gigabytes of memory.")]
    [InlineData("That is 2x faster.", "That is two times faster.")]
    [InlineData("It took 1 sec.", "It took one second.")]
    public void Reads_units(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Theory]
    [InlineData("This is **really** important.", "This is really important.")]
    [InlineData("- First, list the options.", "First, list the options.")]
    [InlineData("Salt & pepper.", "Salt and pepper.")]
    [InlineData("Wait... what?", "Wait, what?")]
    [InlineData("The answer \u2014 if any \u2014 is here.", "The answer, if any, is here.")]
    [InlineData("Great job \U0001F600!", "Great job!")]
    [InlineData("It\u2019s \u201Cquoted\u201D text.", "It's quoted text.")]
    [InlineData("Line one\nline two.", "Line one line two.")]
    [InlineData("Use (round) brackets [here].", "Use round brackets here.")]
    public void Cleans_symbols_and_markup(string text, string expected) => Assert.Equal(expected, TextNormalizer.Normalize(text));

    [Fact]
    public void Leaves_plain_sentences_alone()
    {
        const string text = "Tell me about a time you disagreed with a colleague, and how you resolved it.";
        Assert.Equal(text, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Output_has_no_digits_left_for_a_mixed_paragraph()
    {
        var spoken = TextNormalizer.Normalize(
            "On 2024-05-01 at 9:30 am, 3 of 12 servers (25%) failed; the fix cost $1,250.75 and took 45 min. See RFC 7231.");
        Assert.DoesNotContain(spoken, char.IsAsciiDigit);
        Assert.Contains("May first, twenty twenty-four", spoken, StringComparison.Ordinal);
        Assert.Contains("one thousand two hundred fifty dollars and seventy-five cents", spoken, StringComparison.Ordinal);
    }
}
