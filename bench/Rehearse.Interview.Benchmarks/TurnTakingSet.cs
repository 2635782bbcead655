using Rehearse.Speech.Audio;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>Something the candidate says: 16 kHz LINEAR16 audio and what is said in it.</summary>
/// <param name="Label">Where it comes from, e.g. the clip's file name and what was done to it.</param>
/// <param name="Reference">The words said (the clip's published transcript).</param>
/// <param name="Pcm">The audio.</param>
internal sealed record Spoken(string Label, string Reference, byte[] Pcm)
{
    /// <summary>
    /// The words of each part said apart (the sentences of a long answer, the words either side of a pause): an
    /// answer taken as one holds every part's words, one ended early and split loses a part.
    /// </summary>
    public IReadOnlyList<string> Parts { get; init; } = [Reference];

    /// <summary>Where the speech starts in the audio (its first sample above -40 dBFS).</summary>
    public TimeSpan Onset => SpeechLevels.FirstSound(Pcm);

    /// <summary>Where the speech ends in the audio (its last sample above -40 dBFS).</summary>
    public TimeSpan End => SpeechLevels.LastSound(Pcm);

    public TimeSpan Duration => TimeSpan.FromSeconds(Pcm.Length / 2.0 / RecordedAnswer.SampleRate);
}

/// <summary>What one step of the script tests.</summary>
internal enum StepKind
{
    /// <summary>A complete answer, then the room's silence: how soon the interviewer replies.</summary>
    Complete,

    /// <summary>An answer with a thinking pause inserted mid-sentence: the answer must not end in it.</summary>
    Pause,

    /// <summary>A 20-40 s answer of several sentences with breaths between them: it must not end early.</summary>
    Long,

    /// <summary>A complete-sounding answer, then more of it once the interviewer has begun to reply.</summary>
    WrongEnd,

    /// <summary>The start of an answer said over the interviewer's question: it must stop quickly.</summary>
    Interruption,
}

/// <summary>One step of the scripted conversation.</summary>
/// <param name="Kind">What it tests.</param>
/// <param name="Answer">What the candidate says (for an interruption, over the question).</param>
internal sealed record ScriptStep(StepKind Kind, Spoken Answer)
{
    /// <summary>A backchannel said while the question before the answer plays; it must not interrupt.</summary>
    public Spoken? Backchannel { get; init; }

    /// <summary>For a pause: where the silence begins in the answer's audio, and the pause inserted there.</summary>
    public (TimeSpan Start, TimeSpan Inserted)? Pause { get; init; }

    /// <summary>For a wrong end: the rest of the answer, and how long after the reply's first audio it begins.</summary>
    public Spoken? Continuation { get; init; }

    public TimeSpan ContinuationDelay { get; init; }

    /// <summary>The words of every part of the whole answer, the continuation's included.</summary>
    public IReadOnlyList<string> Parts => Continuation is { } continuation ? [.. Answer.Parts, .. continuation.Parts] : Answer.Parts;
}

/// <summary>
/// The scripted conversation made from the shared real recordings (<c>../shared/testdata/speech</c>): complete
/// answers, answers with a 3 s or 5 s pause inserted at a gap between words, long answers of one speaker's
/// sentences with breaths between them, answers continued after the interviewer began to reply, backchannels over
/// the question, and interruptions. <see cref="Rounds"/> rounds, each with one of every kind and two complete
/// answers, interleaved as a conversation would mix them.
/// </summary>
internal static class TurnTakingSet
{
    public const int Rounds = 4;

    /// <summary>Steps in one round of the script.</summary>
    public const int StepsPerRound = 7;

    /// <summary>The breath between a long answer's sentences: from the end of one sentence's sound to the start of the next.</summary>
    public static readonly TimeSpan Breath = TimeSpan.FromSeconds(1.2);

    /// <summary>When a backchannel or an interruption starts, after the question's first audio arrived.</summary>
    public static readonly TimeSpan IntoQuestion = TimeSpan.FromSeconds(1.0);

    // Spontaneous answers from the earnings call and read sentences, 4-11 s.
    private static readonly string[] CompleteClips =
    [
        "earnings22_s024.wav", "earnings22_s045.wav", "earnings22_s134.wav", "earnings22_s154.wav",
        "earnings22_s174.wav", "librispeech_other_s010.wav", "librispeech_other_s136.wav", "whisper_jfk.wav",
    ];

    // LibriSpeech speaker 1089: four sentences, about 21 s of speech.
    private static readonly string[] LongAnswerSpeaker =
    [
        "librispeech_clean_1089-134686-0000.wav", "librispeech_clean_1089-134686-0001.wav",
        "librispeech_clean_1089-134691-0000.wav", "librispeech_clean_1089-134691-0001.wav",
    ];

    // A complete sentence, then another of the same reader.
    private static readonly (string First, string Continuation, double DelaySeconds)[] WrongEnds =
    [
        ("librivox_sense-and-sensibility-01-0870.wav", "librivox_sense-and-sensibility-01-0930.wav", 0.3),
        ("librispeech_clean_1089-134691-0001.wav", "librispeech_clean_1089-134686-0001.wav", 0.6),
        ("librivox_sense-and-sensibility-01-0890.wav", "librivox_sense-and-sensibility-01-0930.wav", 1.0),
        ("librispeech_clean_1089-134686-0000.wav", "librispeech_clean_1089-134691-0000.wav", 0.5),
    ];

    // Long clips whose speech goes on past the part said over the question.
    private static readonly string[] InterruptionClips = ["earnings22_s060.wav", "earnings22_s112.wav", "earnings22_s142.wav", "earnings22_s187.wav"];

    private static readonly TimeSpan InterruptionLength = TimeSpan.FromSeconds(2.5);

    /// <summary>Backchannels, spoken by a voice of the Speech service (the recordings hold none said on its own).</summary>
    public static readonly string[] BackchannelWords = ["Yeah.", "Mm-hm.", "Okay.", "Right."];

    /// <summary>
    /// The script, or <c>null</c> when the shared recordings are not present. <paramref name="backchannels"/> are
    /// the spoken <see cref="BackchannelWords"/>.
    /// </summary>
    public static IReadOnlyList<ScriptStep>? Build(RoomNoise room, IReadOnlyList<Spoken> backchannels)
    {
        var corpus = SpeechCorpus.Load();
        if (corpus is null)
        {
            return null;
        }
        var clips = corpus.ToDictionary(c => c.Name);
        Spoken Clip(string name) => Recording(clips, name);

        var complete = CompleteClips.Select(name => new ScriptStep(StepKind.Complete, Clip(name))).ToList();
        var paused = PausedAnswers(corpus, room).ToList();
        var speaker = LongAnswerSpeaker.Select(name => Trim(Clip(name))).ToList();
        var longAnswers = Enumerable.Range(0, Rounds)
            .Select(r => new ScriptStep(StepKind.Long, Join(speaker.Skip(r).Concat(speaker.Take(r)).ToList(), room)))
            .ToList();
        var wrongEnds = WrongEnds
            .Select(w => new ScriptStep(StepKind.WrongEnd, Clip(w.First)) { Continuation = Clip(w.Continuation), ContinuationDelay = TimeSpan.FromSeconds(w.DelaySeconds) })
            .ToList();
        var interruptions = InterruptionClips.Select(name => new ScriptStep(StepKind.Interruption, Opening(Clip(name)))).ToList();

        var script = new List<ScriptStep>();
        for (var r = 0; r < Rounds; r++)
        {
            script.Add(complete[2 * r]);
            script.Add(paused[2 * r]);
            script.Add(complete[2 * r + 1] with { Backchannel = backchannels[r % backchannels.Count] });
            script.Add(longAnswers[r]);
            script.Add(interruptions[r]);
            script.Add(paused[2 * r + 1]);
            script.Add(wrongEnds[r]);
        }
        return script;
    }

    /// <summary>
    /// The script's complete answers (spontaneous answers from the earnings call and read sentences, 4-11 s), or
    /// <c>null</c> when the shared recordings are not present.
    /// </summary>
    public static IReadOnlyList<Spoken>? CompleteAnswers()
    {
        var clips = SpeechCorpus.Load()?.ToDictionary(c => c.Name);
        return clips is null ? null : [.. CompleteClips.Select(name => Recording(clips, name))];
    }

    private static Spoken Recording(Dictionary<string, SpeechClip> clips, string name) => new(name, clips[name].Reference, Linear16(clips[name].File));

    /// <summary>A recording of the corpus (16 kHz mono 16-bit WAV) as LINEAR16 samples.</summary>
    private static byte[] Linear16(string file)
    {
        var samples = WavFile.Read(File.ReadAllBytes(file)).Samples;
        var pcm = new byte[samples.Length * 2];
        for (var i = 0; i < samples.Length; i++)
        {
            var value = (short)Math.Clamp(Math.Round(samples[i] * 32768), short.MinValue, short.MaxValue);
            pcm[2 * i] = (byte)value;
            pcm[2 * i + 1] = (byte)(value >> 8);
        }
        return pcm;
    }

    /// <summary>
    /// Answers of 5-13 s with a gap between words in their middle 30-70 %, a 3 s and a 5 s pause in turn inserted
    /// at the gap's middle: 2 per round.
    /// </summary>
    private static IEnumerable<ScriptStep> PausedAnswers(IReadOnlyList<SpeechClip> corpus, RoomNoise room)
    {
        var used = CompleteClips.Concat(LongAnswerSpeaker).Concat(InterruptionClips).Concat(WrongEnds.Select(w => w.First)).ToHashSet();
        var candidates = corpus.Where(c => c.DurationSeconds is >= 5 and <= 13 && !used.Contains(c.Name)).OrderBy(c => c.Name, StringComparer.Ordinal);
        var count = 0;
        foreach (var clip in candidates)
        {
            var pcm = Linear16(clip.File);
            if (SpeechLevels.WordGap(pcm, TimeSpan.FromMilliseconds(80)) is not { } gap)
            {
                continue;
            }
            var inserted = TimeSpan.FromSeconds(count % 2 == 0 ? 3 : 5);
            var at = SpeechLevels.ByteOffset((gap.Start + gap.End) / 2);
            var said = new Spoken($"{clip.Name}, {inserted.TotalSeconds:0} s pause at {gap.Start.TotalSeconds:0.0} s", clip.Reference,
                [.. pcm.AsSpan(0, at), .. room.Pcm(inserted), .. pcm.AsSpan(at)])
            {
                Parts = SplitWords(clip.Reference, (gap.Start - SpeechLevels.FirstSound(pcm)) / (SpeechLevels.LastSound(pcm) - SpeechLevels.FirstSound(pcm))),
            };
            yield return new ScriptStep(StepKind.Pause, said) { Pause = (gap.Start, inserted) };
            if (++count == 2 * Rounds)
            {
                yield break;
            }
        }
        throw new InvalidOperationException($"Only {count} recordings of 5-13 s have a gap between words in their middle; {2 * Rounds} are needed.");
    }

    /// <summary>
    /// The reference's words before and after the point <paramref name="share"/> of the way through its speech. The
    /// recordings have no word times, so the split is estimated from the speaking time; the half of a part's words
    /// an answer must hold to have heard it leaves room for a word or two on the wrong side.
    /// </summary>
    private static IReadOnlyList<string> SplitWords(string reference, double share)
    {
        var words = reference.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var before = (int)Math.Round(words.Length * share);
        return [string.Join(' ', words[..before]), string.Join(' ', words[before..])];
    }

    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

    /// <summary>The clip from 50 ms before its first sound to 50 ms after its last.</summary>
    private static Spoken Trim(Spoken speech)
    {
        var start = SpeechLevels.ByteOffset(speech.Onset > Margin ? speech.Onset - Margin : TimeSpan.Zero);
        var end = Math.Min(speech.Pcm.Length, SpeechLevels.ByteOffset(speech.End + Margin));
        return speech with { Pcm = speech.Pcm[start..end] };
    }

    /// <summary>Trimmed sentences joined by the room's noise, so <see cref="Breath"/> lies between one's sound and the next.</summary>
    private static Spoken Join(IReadOnlyList<Spoken> sentences, RoomNoise room)
    {
        var pcm = new List<byte>();
        foreach (var sentence in sentences)
        {
            if (pcm.Count > 0)
            {
                pcm.AddRange(room.Pcm(Breath - 2 * Margin));
            }
            pcm.AddRange(sentence.Pcm);
        }
        return new Spoken(string.Join(" + ", sentences.Select(s => s.Label)), string.Join(" ", sentences.Select(s => s.Reference)), [.. pcm])
        {
            Parts = [.. sentences.Select(s => s.Reference)],
        };
    }

    /// <summary>The first <see cref="InterruptionLength"/> of the clip's speech, faded out over 20 ms.</summary>
    private static Spoken Opening(Spoken speech)
    {
        var start = SpeechLevels.ByteOffset(speech.Onset > Margin ? speech.Onset - Margin : TimeSpan.Zero);
        var pcm = speech.Pcm[start..SpeechLevels.ByteOffset(speech.Onset + InterruptionLength)];
        var fade = SpeechLevels.ByteOffset(TimeSpan.FromMilliseconds(20)) / 2;
        for (var i = 0; i < fade; i++)
        {
            var index = pcm.Length - 2 * (i + 1);
            var value = (short)(BitConverter.ToInt16(pcm, index) * i / fade);
            pcm[index] = (byte)value;
            pcm[index + 1] = (byte)(value >> 8);
        }
        return new Spoken($"{speech.Label}, first {InterruptionLength.TotalSeconds:0.0} s", "", pcm);
    }

    /// <summary>The backchannels spoken by <paramref name="voice"/>.</summary>
    public static async Task<IReadOnlyList<Spoken>> SpeakBackchannelsAsync(SpeechService.SpeechServiceClient speech, string voice)
    {
        var spoken = new List<Spoken>();
        foreach (var word in BackchannelWords)
        {
            spoken.Add(new Spoken($"\"{word}\" ({voice})", word, await RecordedAnswer.SpeakAsync(speech, word, voice)));
        }
        return spoken;
    }
}
