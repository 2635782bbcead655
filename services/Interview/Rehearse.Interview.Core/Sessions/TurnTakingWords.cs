using System.Text;

namespace Rehearse.Interview.Core.Sessions;

/// <summary>
/// The session's own words around an answer: the check-in after a long silence, and telling a request to hear the
/// question again from the start of an answer.
/// </summary>
internal static class TurnTakingWords
{
    private static readonly string[] CheckIns =
    [
        "Take your time. Would you like to hear the question again?",
        "No rush, take your time. Shall I repeat the question?",
        "Take all the time you need. Would you like me to repeat the question?",
    ];

    private static readonly string[] RepeatPhrases =
    [
        "repeat the question", "repeat that", "repeat it", "repeat please", "please repeat", "could you repeat", "can you repeat",
        "would you repeat", "say that again", "say it again", "say the question again", "ask that again", "ask it again",
        "hear the question again", "hear it again", "hear that again", "what was the question", "come again", "pardon",
    ];

    // After a check-in has asked whether to repeat the question, a plain yes is a request.
    private static readonly string[] Affirmatives = ["yes", "yeah", "yep", "sure", "please"];

    private static readonly string[] Negations = ["no", "not", "don't", "dont", "nope"];

    // A request to repeat is short; a longer utterance that mentions repeating is an answer.
    private const int MaxRequestWords = 8;
    private const int MaxAffirmativeWords = 4;

    /// <summary>The check-in for a turn: the wording varies from turn to turn, the same for the same turn.</summary>
    public static string CheckIn(int turnIndex) => CheckIns[turnIndex % CheckIns.Length];

    /// <summary>Whether the words ask to hear the question again.</summary>
    /// <param name="words">An utterance at the start of an answer.</param>
    /// <param name="afterCheckIn">The interviewer has just offered to repeat the question, so "yes please" is a request too.</param>
    public static bool IsRepeatRequest(string words, bool afterCheckIn)
    {
        var tokens = Normalize(words);
        if (tokens.Length == 0 || tokens.Length > MaxRequestWords || tokens.Any(t => Negations.Contains(t)))
        {
            return false;
        }
        var text = $" {string.Join(' ', tokens)} ";
        if (RepeatPhrases.Any(phrase => text.Contains($" {phrase} ", StringComparison.Ordinal)))
        {
            return true;
        }
        return afterCheckIn && tokens.Length <= MaxAffirmativeWords && Affirmatives.Contains(tokens[0]);
    }

    private static string[] Normalize(string words)
    {
        var text = new StringBuilder(words.Length);
        foreach (var c in words.ToLowerInvariant())
        {
            text.Append(char.IsLetterOrDigit(c) || c == '\'' ? c : ' ');
        }
        return text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
