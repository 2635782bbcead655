using Rehearse.Speech.Recognition.Acoustics;

namespace Rehearse.Speech.Recognition.Turns;

/// <summary>
/// Estimates whether a speaker has finished their turn, from the words of the turn so far and the voice at the end of
/// their last utterance. Each cue is a number in [0, 1]; the probability is the logistic of the bias plus the weighted
/// cues, and the wait before the turn ends shrinks as the probability grows (docs/turn-taking.md). Transparent on
/// purpose: every weight is below with the reason for it, and the cues behind each estimate are reported.
/// A few microseconds per estimate; thread-safe.
/// </summary>
public static class EndOfTurnScorer
{
    // The weights were set by hand from the cues' meaning and adjusted on the tuning split of the labelled endings
    // (tests/Rehearse.Speech.Recognition.UnitTests/Turns/turn-endings.tsv and the real recordings); the held-out split
    // was not used for them.

    /// <summary>Log-odds with no evidence: slightly below even, since most utterance ends inside an answer are pauses.</summary>
    internal const double Bias = -0.4;

    /// <summary>The last sentence is a clause that ends on a word that completes it. Moonshine ends nearly every
    /// utterance with a period, so this rests on the words, not the punctuation; still the main evidence for an end.</summary>
    internal const double CompleteThoughtWeight = 2.6;

    /// <summary>Extra for an explicit wrap-up ("so yeah", "that's it"): people say it to hand the turn over.</summary>
    internal const double WrapUpWeight = 1.2;

    /// <summary>A question to the listener asks for an answer: the turn is theirs.</summary>
    internal const double QuestionWeight = 2.8;

    /// <summary>Ending on "and", "the", "to"...: the phrase is grammatically open; the strongest lexical sign of a pause.</summary>
    internal const double TrailingConnectiveWeight = -3.6;

    /// <summary>Ending on "um", "uh", "you know", or a held "uh" at the end of the voice: searching for words.</summary>
    internal const double TrailingHesitationWeight = -3.0;

    /// <summary>Fewer list items than announced ("three reasons: first, ..."): more is coming.</summary>
    internal const double OpenListWeight = -2.8;

    /// <summary>"Let me think": the speaker said outright that they are not done (the wait is also the maximum).</summary>
    internal const double AskedForTimeWeight = -4.5;

    /// <summary>Falling pitch at the end (scaled by slope up to 8 semitones/s): statements end falling. Weak: synthesized
    /// and read speech fall at most phrase ends too.</summary>
    internal const double FallingPitchWeight = 0.7;

    /// <summary>Level or rising pitch at the end: speakers hold the floor with it (questions are covered by their words).</summary>
    internal const double HeldPitchWeight = -0.7;

    /// <summary>The last syllable 1 to 6 dB below the utterance's median (scaled): voices fade at the end of a turn.</summary>
    internal const double EnergyDecayWeight = 0.5;

    /// <summary>The last voiced run 1.5 to 3 times the median run (scaled): a drawn-out last syllable ("theee...") is
    /// a speaker holding on while thinking.</summary>
    internal const double FinalLengtheningWeight = -0.6;

    /// <summary>Probability at or above which the wait is the minimum.</summary>
    internal const double SureEnd = 0.85;

    /// <summary>Probability at or below which the wait is the maximum.</summary>
    internal const double SurePause = 0.15;

    /// <summary>A voiced hesitation ending this close to the end of speech is a trailing "um".</summary>
    private static readonly TimeSpan TrailingHesitationReach = TimeSpan.FromMilliseconds(300);

    private const int CueCount = 10;
    private const int TrailingWords = 16;

    /// <summary>Estimates whether the turn is over.</summary>
    /// <param name="turnText">The words of the turn so far: the final results since the turn began, joined with spaces.</param>
    /// <param name="acoustics">The acoustic features of the last utterance, or null when unknown.</param>
    /// <param name="speechEnd">Where the last utterance's speech ended, on the same clock as the hesitations in <paramref name="acoustics"/>.</param>
    /// <param name="minWait">The shortest wait (for a turn that is clearly over).</param>
    /// <param name="maxWait">The longest wait (for a turn that is clearly not).</param>
    public static EndOfTurnEstimate Estimate(string turnText, AcousticFeatures? acoustics, TimeSpan speechEnd, TimeSpan minWait, TimeSpan maxWait)
    {
        ArgumentNullException.ThrowIfNull(turnText);
        Span<double> values = stackalloc double[CueCount];
        Measure(turnText, acoustics, speechEnd, values);
        Span<double> contributions = stackalloc double[CueCount];
        var logit = Bias;
        var active = 0;
        for (var cue = 0; cue < CueCount; cue++)
        {
            contributions[cue] = Contribution((TurnCue)cue, values[cue]);
            logit += contributions[cue];
            active += values[cue] > 0 ? 1 : 0;
        }
        var probability = 1 / (1 + Math.Exp(-logit));
        var wait = values[(int)TurnCue.AskedForTime] > 0 ? maxWait : Wait(probability, minWait, maxWait);
        return new EndOfTurnEstimate(probability, wait, Strongest(values, contributions, active));
    }

    /// <summary>
    /// The silence a turn is given: the minimum at <see cref="SureEnd"/> and above, the maximum at
    /// <see cref="SurePause"/> and below, and in between min + (max − min)·u² with u = (SureEnd − p) / (SureEnd − SurePause),
    /// so a likely end waits little and doubt grows the wait faster near the pause side.
    /// </summary>
    public static TimeSpan Wait(double probability, TimeSpan minWait, TimeSpan maxWait)
    {
        var u = Math.Clamp((SureEnd - probability) / (SureEnd - SurePause), 0, 1);
        return minWait + ((maxWait - minWait) * (u * u));
    }

    /// <summary>What a cue of <paramref name="value"/> adds to the log-odds.</summary>
    private static double Contribution(TurnCue cue, double value) => cue switch
    {
        // 1 is a complete clause, 2 one that wraps the answer up.
        TurnCue.CompleteThought => (Math.Min(value, 1) * CompleteThoughtWeight) + (Math.Max(value - 1, 0) * WrapUpWeight),
        _ => value * Weight(cue),
    };

    private static double Weight(TurnCue cue) => cue switch
    {
        TurnCue.TrailingConnective => TrailingConnectiveWeight,
        TurnCue.TrailingHesitation => TrailingHesitationWeight,
        TurnCue.OpenList => OpenListWeight,
        TurnCue.AskedForTime => AskedForTimeWeight,
        TurnCue.FallingPitch => FallingPitchWeight,
        TurnCue.HeldPitch => HeldPitchWeight,
        TurnCue.EnergyDecay => EnergyDecayWeight,
        TurnCue.FinalLengthening => FinalLengtheningWeight,
        TurnCue.Question => QuestionWeight,
        _ => 0,
    };

    /// <summary>The active cues, strongest contribution first.</summary>
    private static TurnCue[] Strongest(ReadOnlySpan<double> values, ReadOnlySpan<double> contributions, int active)
    {
        var cues = new TurnCue[active];
        var count = 0;
        for (var cue = 0; cue < CueCount; cue++)
        {
            if (values[cue] <= 0)
            {
                continue;
            }
            // Insertion by descending strength.
            var at = count++;
            while (at > 0 && Math.Abs(contributions[(int)cues[at - 1]]) < Math.Abs(contributions[cue]))
            {
                cues[at] = cues[at - 1];
                at--;
            }
            cues[at] = (TurnCue)cue;
        }
        return cues;
    }

    /// <summary>Each cue's value in [0, 1] (the complete thought up to 2 with a wrap-up), indexed by <see cref="TurnCue"/>.</summary>
    internal static void Measure(string turnText, AcousticFeatures? acoustics, TimeSpan speechEnd, Span<double> values)
    {
        values.Clear();
        var text = turnText.AsSpan();
        Span<TurnWord> words = stackalloc TurnWord[TrailingWords];
        var count = TurnWords.LastWords(text, words);
        words = words[..count];

        var connective = count > 0 && EndsOnConnective(text, words);
        var filler = count > 0 && EndsOnFiller(text, words);
        var askedForTime = AskedForTime(text, words);
        var openList = OpenList(text);
        var question = count > 0 && IsQuestion(text, words);
        values[(int)TurnCue.TrailingConnective] = connective ? 1 : 0;
        values[(int)TurnCue.AskedForTime] = askedForTime ? 1 : 0;
        values[(int)TurnCue.OpenList] = openList ? 1 : 0;
        values[(int)TurnCue.Question] = question ? 1 : 0;
        var hesitation = filler || (acoustics is not null && EndsOnHesitation(acoustics, speechEnd));
        values[(int)TurnCue.TrailingHesitation] = hesitation ? 1 : 0;
        if (!connective && !hesitation && !askedForTime && !openList && !question && count > 0 && IsCompleteClause(text, words))
        {
            values[(int)TurnCue.CompleteThought] = IsWrapUp(text, words) ? 2 : 1;
        }

        if (acoustics is null || acoustics.VoicedDuration == TimeSpan.Zero)
        {
            return;
        }
        switch (acoustics.FinalPitchTrend)
        {
            case PitchTrend.Falling:
                values[(int)TurnCue.FallingPitch] = Math.Clamp(-acoustics.FinalPitchSlope / 8, 0.25, 1);
                break;
            case PitchTrend.Flat or PitchTrend.Rising when !question:
                values[(int)TurnCue.HeldPitch] = 1;
                break;
        }
        values[(int)TurnCue.EnergyDecay] = Math.Clamp((-acoustics.FinalLevel - 1) / 5, 0, 1);
        values[(int)TurnCue.FinalLengthening] = Math.Clamp((acoustics.FinalLengthening - 1.5) / 1.5, 0, 1);
    }

    private static bool EndsOnConnective(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        var last = words[0].In(text);
        if (TurnWords.Connectives.Contains(last))
        {
            return true;
        }
        // "and then", "so also".
        return words.Length > 1 && TurnWords.OpenAfterConjunction.Contains(last) && TurnWords.WrapUpLeads.Contains(words[1].In(text));
    }

    private static bool EndsOnFiller(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        var last = words[0].In(text);
        if (words.Length > 1 && (TurnWords.Is(last, "know") && TurnWords.Is(words[1].In(text), "you")
            || TurnWords.Is(last, "mean") && TurnWords.Is(words[1].In(text), "i")))
        {
            return true;
        }
        if (!TurnWords.Fillers.Contains(last))
        {
            return false;
        }
        // "What it was like." ends on a word of the sentence, not a filler.
        return !(TurnWords.Is(last, "like") && words.Length > 1 && TurnWords.LikeAsWord.Contains(words[1].In(text)));
    }

    private static bool EndsOnHesitation(AcousticFeatures acoustics, TimeSpan speechEnd)
    {
        var hesitations = acoustics.Hesitations;
        return hesitations.Count > 0 && hesitations[^1].End >= speechEnd - TrailingHesitationReach;
    }

    /// <summary>
    /// A request for time that ends the turn's words: at most 5 words follow it, within its sentence, or only fillers
    /// ("Let me think about that.", "Good question. Hmm.").
    /// </summary>
    private static bool AskedForTime(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        foreach (var phrase in TurnWords.TimeRequests)
        {
            for (var end = 0; end <= Math.Min(5, words.Length - phrase.Length); end++)
            {
                if (Matches(text, words, end, phrase) && OnlyTrailingWords(text, words, end))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>True when the words after index <paramref name="end"/> (counting from the last) stay in its sentence or are fillers.</summary>
    private static bool OnlyTrailingWords(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words, int end)
    {
        for (var i = end; i >= 1; i--)
        {
            if (words[i].EndsSentence && !TurnWords.Fillers.Contains(words[i - 1].In(text)) && !TurnWords.AnswerWords.Contains(words[i - 1].In(text)))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>True when <paramref name="phrase"/> ends at word <paramref name="end"/> (0 = the last word) with no sentence break inside.</summary>
    private static bool Matches(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words, int end, string[] phrase)
    {
        for (var k = 0; k < phrase.Length; k++)
        {
            var word = words[end + k];
            if (!TurnWords.Is(word.In(text), phrase[^(k + 1)]) || k > 0 && word.EndsSentence)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsWrapUp(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        if (words.Length > 1 && TurnWords.Is(words[0].In(text), "yeah") && TurnWords.WrapUpLeads.Contains(words[1].In(text)))
        {
            return true;
        }
        foreach (var phrase in TurnWords.WrapUps)
        {
            if (words.Length >= phrase.Length && Matches(text, words, 0, phrase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The last sentence is a question to the listener: it ends with a question mark, or opens like one
    /// ("Does that make sense", "What do you think") when the recognizer wrote a period.</summary>
    private static bool IsQuestion(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        if (words[0].After == '?')
        {
            return true;
        }
        var first = SentenceStart(words);
        if (first < 1)
        {
            return false;
        }
        var opener = words[first].In(text);
        var second = words[first - 1].In(text);
        return TurnWords.QuestionAuxiliaries.Contains(opener) && TurnWords.QuestionSubjects.Contains(second)
            || TurnWords.QuestionWords.Contains(opener) && TurnWords.QuestionAuxiliaries.Contains(second);
    }

    /// <summary>
    /// The last sentence is a clause: two words or more (or a one-word answer), and not a lone subordinate clause
    /// ("When I joined the team.").
    /// </summary>
    private static bool IsCompleteClause(ReadOnlySpan<char> text, ReadOnlySpan<TurnWord> words)
    {
        var first = SentenceStart(words);
        if (first == 0)
        {
            return TurnWords.AnswerWords.Contains(words[0].In(text));
        }
        if (first < 0 || !TurnWords.Subordinators.Contains(words[first].In(text)))
        {
            return true;
        }
        // A comma inside the sentence usually separates the subordinate clause from its main clause.
        for (var i = first; i >= 1; i--)
        {
            if (words[i].After == ',')
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Index (counting from the last word) of the first word of the last sentence; -1 when it began before the words read.</summary>
    private static int SentenceStart(ReadOnlySpan<TurnWord> words)
    {
        for (var i = 1; i < words.Length; i++)
        {
            if (words[i].EndsSentence)
            {
                return i - 1;
            }
        }
        return words.Length < TrailingWords ? words.Length - 1 : -1;
    }

    /// <summary>A list announced ("three reasons", "a couple of things") or begun ("First, ...") and not finished.</summary>
    private static bool OpenList(ReadOnlySpan<char> text)
    {
        var promised = 0;
        var items = 0;
        TurnWord previous = default, beforePrevious = default;
        var index = 0;
        foreach (var word in TurnWords.Enumerate(text))
        {
            var current = word.In(text);
            if (TurnWords.ListNouns.Contains(current) && index > 0)
            {
                var count = Count(text, previous, index > 1 ? beforePrevious : default);
                if (count > 0)
                {
                    promised = count;
                    items = 0;
                }
            }
            // An item word counts where a sentence or clause begins: "Second, ...", "and third, ...".
            var clauseStart = index == 0 || previous.After != ' ' || TurnWords.Is(previous.In(text), "and") || TurnWords.Is(previous.In(text), "then");
            if (clauseStart && TurnWords.ListEnds.Contains(current))
            {
                promised = 0;
            }
            else if (clauseStart && TurnWords.ListStarts.Contains(current))
            {
                // "First, ..." promises at least a second item.
                promised = Math.Max(promised, 2);
                items = 1;
            }
            else if (clauseStart && promised > 0 && TurnWords.ListItems.Contains(current))
            {
                items++;
            }
            beforePrevious = previous;
            previous = word;
            index++;
        }
        return promised > 0 && items < promised;

        // "three reasons", "three main reasons", "a couple of things".
        static int Count(ReadOnlySpan<char> text, TurnWord previous, TurnWord beforePrevious)
        {
            var lookup = TurnWords.ListCounts.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(previous.In(text), out var count))
            {
                return count;
            }
            return beforePrevious.Length > 0 && lookup.TryGetValue(beforePrevious.In(text), out count) ? count : 0;
        }
    }
}
