using System.Collections.Frozen;

namespace Rehearse.Speech.Recognition.Turns;

/// <summary>A word of a transcript: where it is, and the punctuation between it and the next word.</summary>
/// <param name="Start">Index of its first character.</param>
/// <param name="Length">Its length in characters.</param>
/// <param name="After">'?', '.' or '!' when a sentence ends after it (a question mark wins), ',' for a comma, else ' '.</param>
internal readonly record struct TurnWord(int Start, int Length, char After)
{
    /// <summary>True when a sentence ends after this word.</summary>
    public bool EndsSentence => After is '.' or '!' or '?';

    /// <summary>The word's characters in <paramref name="text"/>.</summary>
    public ReadOnlySpan<char> In(ReadOnlySpan<char> text) => text.Slice(Start, Length);
}

/// <summary>
/// Splits transcripts into words without allocating, and holds the word lists the turn cues look words up in
/// (case-insensitively, by span).
/// </summary>
internal static class TurnWords
{
    /// <summary>Words that leave a phrase open when they end it: conjunctions, prepositions, articles and
    /// determiners, auxiliaries and modals, subject pronouns and intensifiers. Words that often end a sentence
    /// ("it", "that", "too", "up", "her", "this", "do", "did", "have") are left out.</summary>
    public static readonly FrozenSet<string> Connectives = Set(
        "and", "but", "or", "nor", "so", "because", "cause", "although", "whereas", "while", "since", "unless", "if",
        "whether", "until", "which", "as", "than", "plus",
        "of", "to", "with", "for", "from", "into", "onto", "about", "at", "by", "in", "on", "between", "through",
        "during", "without", "within", "including", "across", "towards", "toward", "upon", "via", "per",
        "the", "a", "an", "my", "our", "your", "their", "his", "its", "some", "every", "another", "each",
        "is", "are", "was", "were", "am", "be", "been", "will", "would", "can", "could", "should", "shall", "must",
        "might", "may", "has", "gonna", "wanna", "i", "we", "they", "he", "she", "i'm", "we're", "they're", "it's",
        "there's", "that's", "very", "quite", "pretty", "just");

    /// <summary>Words that, after "and", "so", "but" or "or", keep the phrase open ("and then", "and also").</summary>
    public static readonly FrozenSet<string> OpenAfterConjunction = Set("then", "also", "now", "again");

    /// <summary>Fillers that end a phrase someone has not finished ("um", "uh", "like").</summary>
    public static readonly FrozenSet<string> Fillers = Set("um", "umm", "uh", "uhh", "er", "erm", "ah", "eh", "hmm", "hm", "mm", "like", "basically");

    /// <summary>Words before a final "like" that make it a word of the sentence, not a filler ("what it was like").</summary>
    public static readonly FrozenSet<string> LikeAsWord = Set("was", "is", "were", "be", "looks", "look", "looked", "feels", "feel", "felt", "sounds", "seemed", "seems", "would", "i'd", "you'd", "really", "much");

    /// <summary>One-word answers that are complete on their own.</summary>
    public static readonly FrozenSet<string> AnswerWords = Set(
        "yes", "no", "yeah", "yep", "nope", "sure", "exactly", "absolutely", "definitely", "correct", "right", "okay", "ok",
        "true", "maybe", "probably", "both", "neither", "never", "always", "sometimes", "thanks", "done");

    /// <summary>Conjunctions that open a subordinate clause; a sentence of one such clause alone is unfinished
    /// ("When I joined the team."). "Because" is left out: "Because it was slow." answers a why.</summary>
    public static readonly FrozenSet<string> Subordinators = Set("when", "if", "although", "though", "while", "since", "after", "before", "unless", "whereas", "once", "until", "whenever");

    /// <summary>Auxiliaries that open a yes/no question ("Does that make sense?").</summary>
    public static readonly FrozenSet<string> QuestionAuxiliaries = Set("do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "should", "shall", "will", "may", "have", "has");

    /// <summary>Subjects after such an auxiliary that make a question to the listener.</summary>
    public static readonly FrozenSet<string> QuestionSubjects = Set("you", "that", "this", "it", "i", "we", "they", "there");

    /// <summary>Question words that open a question when an auxiliary follows ("What do you think?").</summary>
    public static readonly FrozenSet<string> QuestionWords = Set("what", "how", "why", "which", "who");

    /// <summary>Counts that announce a list, with the number of items they promise.</summary>
    public static readonly FrozenDictionary<string, int> ListCounts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase)
    {
        ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["2"] = 2, ["3"] = 3, ["4"] = 4, ["5"] = 5,
        ["couple"] = 2, ["few"] = 2, ["several"] = 2, ["multiple"] = 2,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Nouns that, after a count, announce a list ("three reasons").</summary>
    public static readonly FrozenSet<string> ListNouns = Set(
        "things", "reasons", "steps", "ways", "points", "parts", "areas", "aspects", "factors", "examples", "options",
        "goals", "priorities", "components", "pillars", "principles", "problems", "issues", "approaches", "ideas",
        "strengths", "weaknesses", "lessons", "takeaways", "challenges", "skills", "stages", "phases", "questions", "changes");

    /// <summary>Words that begin a list's first item when they begin a sentence or clause ("First, ...").</summary>
    public static readonly FrozenSet<string> ListStarts = Set("first", "firstly");

    /// <summary>Words that begin a further item of an open list when they begin a sentence or clause ("Second, ...").</summary>
    public static readonly FrozenSet<string> ListItems = Set("second", "secondly", "third", "thirdly", "fourth", "fifth", "next", "also", "another");

    /// <summary>Words that begin the last item of a list.</summary>
    public static readonly FrozenSet<string> ListEnds = Set("finally", "lastly");

    /// <summary>Words that, with the word before them, wrap an answer up ("so yeah", "that's it").</summary>
    public static readonly FrozenSet<string> WrapUpLeads = Set("so", "and", "but");

    /// <summary>Phrases of someone asking for time, as word sequences.</summary>
    public static readonly string[][] TimeRequests =
    [
        ["let", "me", "think"], ["let", "me", "see"], ["let", "me", "just", "think"], ["let", "me", "recall"],
        ["let", "me", "remember"], ["let", "me", "gather"], ["let", "me", "collect"], ["let's", "see"],
        ["give", "me", "a", "second"], ["give", "me", "a", "moment"], ["give", "me", "a", "minute"], ["give", "me", "a", "sec"],
        ["give", "me", "one", "second"], ["give", "me", "one", "moment"], ["hold", "on"], ["one", "second"], ["one", "moment"],
        ["one", "sec"], ["just", "a", "second"], ["just", "a", "moment"], ["just", "a", "minute"], ["just", "a", "sec"],
        ["bear", "with", "me"], ["need", "a", "moment"], ["need", "a", "second"], ["need", "a", "minute"],
        ["good", "question"], ["great", "question"], ["interesting", "question"], ["tough", "question"], ["hard", "question"],
    ];

    /// <summary>Endings that wrap an answer up, as word sequences.</summary>
    public static readonly string[][] WrapUps =
    [
        ["that's", "it"], ["that's", "about", "it"], ["that's", "pretty", "much", "it"], ["that's", "basically", "it"],
        ["that's", "all"], ["that's", "everything"], ["that", "is", "it"], ["anyway"], ["anyways"],
    ];

    /// <summary>True when <paramref name="set"/> holds <paramref name="word"/>, ignoring case.</summary>
    public static bool Contains(this FrozenSet<string> set, ReadOnlySpan<char> word) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>Whether <paramref name="word"/> equals <paramref name="expected"/>, ignoring case.</summary>
    public static bool Is(ReadOnlySpan<char> word, string expected) => word.Equals(expected, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Fills <paramref name="words"/> with the last words of <paramref name="text"/>, the last one first, and returns how many
    /// it found. A word is a run of letters, digits, apostrophes and hyphens (and dots between digits).
    /// </summary>
    public static int LastWords(ReadOnlySpan<char> text, Span<TurnWord> words)
    {
        var count = 0;
        var end = text.Length;
        while (count < words.Length)
        {
            // The punctuation between this word and the one after it.
            var after = ' ';
            while (end > 0 && !IsWordChar(text, end - 1))
            {
                after = Stronger(after, text[end - 1]);
                end--;
            }
            if (end == 0)
            {
                break;
            }
            var start = end;
            while (start > 0 && IsWordChar(text, start - 1))
            {
                start--;
            }
            words[count++] = new TurnWord(start, end - start, after);
            end = start;
        }
        return count;
    }

    /// <summary>The words of <paramref name="text"/> from the first.</summary>
    public static Enumerator Enumerate(ReadOnlySpan<char> text) => new(text);

    /// <summary>Enumerates words from the first without allocating.</summary>
    public ref struct Enumerator(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _position;

        /// <summary>The current word.</summary>
        public TurnWord Current { get; private set; }

        /// <summary>This enumerator.</summary>
        public readonly Enumerator GetEnumerator() => this;

        /// <summary>Moves to the next word.</summary>
        public bool MoveNext()
        {
            while (_position < _text.Length && !IsWordChar(_text, _position))
            {
                _position++;
            }
            if (_position == _text.Length)
            {
                return false;
            }
            var start = _position;
            while (_position < _text.Length && IsWordChar(_text, _position))
            {
                _position++;
            }
            var end = _position;
            var after = ' ';
            while (_position < _text.Length && !IsWordChar(_text, _position))
            {
                after = Stronger(after, _text[_position]);
                _position++;
            }
            Current = new TurnWord(start, end - start, after);
            return true;
        }
    }

    private static bool IsWordChar(ReadOnlySpan<char> text, int index)
    {
        var c = text[index];
        if (char.IsLetterOrDigit(c) || c is '\'' or '’' or '-')
        {
            return true;
        }
        // "3.5", "1,000": a dot or comma between digits is part of the number.
        return c is '.' or ',' && index > 0 && index + 1 < text.Length && char.IsDigit(text[index - 1]) && char.IsDigit(text[index + 1]);
    }

    private static char Stronger(char current, char next) => next switch
    {
        '?' => '?',
        '.' or '!' when current != '?' => next,
        ',' or ';' or ':' when current == ' ' => ',',
        _ => current,
    };

    private static FrozenSet<string> Set(params string[] words) => words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
