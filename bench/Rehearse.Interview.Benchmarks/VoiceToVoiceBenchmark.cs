using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// Plays one spoken interview per engine and way of ending answers, and prints voice-to-voice latency (first turn
/// apart, then median and p95 over the warm turns), where the time goes, and each interview end to end.
/// </summary>
internal static class VoiceToVoiceBenchmark
{
    public static async Task RunAsync(
        InterviewServiceHost host, IReadOnlyList<RecordedAnswer> answers, IReadOnlyList<InterviewerEngine> engines, int questions, TimeSpan silence)
    {
        var runs = new List<Run>();
        foreach (var engine in engines)
        {
            foreach (var end in new[] { AnswerEnd.Done, AnswerEnd.Silence })
            {
                var config = new SessionConfig
                {
                    Role = "backend",
                    InterviewType = InterviewType.Technical,
                    Difficulty = Difficulty.Medium,
                    QuestionCount = questions,
                    Spoken = true,
                    Engine = engine,
                };
                var result = await InterviewRun.PlayAsync(host.Client("bench-" + Guid.NewGuid().ToString("N")), config, answers, end, silence);
                runs.Add(new Run(Name(engine), end, result));
                Console.WriteLine($"{Name(engine)}, {Describe(end)}: {result.Turns.Count} turns in {result.Total.TotalSeconds:0} s.");
            }
        }
        Console.WriteLine();

        Console.WriteLine("### Voice-to-voice latency: end of the answer to the first byte of interviewer audio (ms)");
        Console.WriteLine();
        Markdown.Table(
            ["engine", "answer ends by", "first turn", "warm turns", "median", "p95", "from answer-completed event, median / p95"],
            runs.Select(r => (IReadOnlyList<string>)[
                r.Engine,
                Describe(r.End),
                Markdown.F(r.Result.Turns[0].VoiceToVoice),
                Markdown.F(r.Warm.Count),
                Markdown.F(Markdown.Median(r.Warm.Select(t => t.VoiceToVoice).ToList())),
                Markdown.F(Markdown.Percentile(r.Warm.Select(t => t.VoiceToVoice).ToList(), 0.95)),
                $"{Markdown.F(Markdown.Median(r.Warm.Select(t => t.FromAnswerCompleted).ToList()))} / {Markdown.F(Markdown.Percentile(r.Warm.Select(t => t.FromAnswerCompleted).ToList(), 0.95))}",
            ]));
        Console.WriteLine($"Ending by silence, the answer ends {silence.TotalMilliseconds:0} ms (the configured end-of-answer silence) after the " +
            "last speech; that wait is not in these figures, which start when it has elapsed.");
        var bySilence = runs.Where(r => r.End == AnswerEnd.Silence).SelectMany(r => r.Warm).ToList();
        if (bySilence.Count > 0)
        {
            Console.WriteLine("The session counts that silence from the end of the last final transcript, a median of " +
                $"{Markdown.F(Markdown.Median(bySilence.Select(t => t.FinalBeyondSpeechEnd.TotalMilliseconds).ToList()))} ms after the end of speech " +
                "the voice activity detector reported.");
        }
        Console.WriteLine();

        Console.WriteLine("### Where the time goes: medians over the warm turns (ms), by what the interviewer said next");
        Console.WriteLine();
        Markdown.Table(
            ["engine", "answer ends by", "next", "turns", "endpoint", "recognition final", "interviewer: first sentence", "synthesis: first sentence", "transport", "total median / p95"],
            runs.SelectMany(r => r.Warm.GroupBy(t => t.Next).OrderBy(g => g.Key).Select(g => (IReadOnlyList<string>)[
                r.Engine,
                Describe(r.End),
                Describe(g.Key),
                Markdown.F(g.Count()),
                Median(g, t => t.Endpoint),
                Median(g, t => t.RecognitionFinal),
                Median(g, t => t.InterviewerFirstSentence),
                Median(g, t => t.SynthesisFirstSentence),
                Median(g, t => t.Transport),
                $"{Median(g, t => t.VoiceToVoice)} / {Markdown.F(Markdown.Percentile(g.Select(t => t.VoiceToVoice).ToList(), 0.95))}",
            ])));
        Console.WriteLine("endpoint: from DONE sent, or from the end of the speech plus the silence wait, to the session ending the answer; " +
            "recognition final: to the answer-completed event (the recognizer's last results); interviewer: to the reply's first whole " +
            "sentence; synthesis: to the first audio leaving the session; transport: to the client receiving it.");
        Console.WriteLine();

        Console.WriteLine("### Interviews end to end (recorded answers, from creating the session to the report)");
        Console.WriteLine();
        Markdown.Table(
            ["engine", "answer ends by", "questions", "answer turns", "time to report (s)", "report turns", "overall score", "recognition WER", "microphone lag, max (ms)", "notices"],
            runs.Select(r => (IReadOnlyList<string>)[
                r.Engine,
                Describe(r.End),
                Markdown.F(questions),
                Markdown.F(r.Result.Turns.Count),
                Markdown.F(r.Result.Total.TotalSeconds, "0.0"),
                Markdown.F(r.Result.ReportTurns),
                Markdown.F(r.Result.OverallScore),
                Markdown.F(r.Result.Turns.Aggregate(new WordErrorRate(0, 0), (sum, t) => sum + WordErrorRate.Compute(t.Said, t.Heard)).Rate * 100, "0.0") + " %",
                Markdown.F(r.Result.MicrophoneLateness.TotalMilliseconds),
                r.Result.Notices.Count == 0 ? "none" : string.Join("; ", r.Result.Notices.Distinct()),
            ]));

        Console.WriteLine("### Every turn (ms)");
        Console.WriteLine();
        Markdown.Table(
            ["engine", "answer ends by", "turn", "next", "voice-to-voice", "endpoint", "recognition final", "interviewer", "synthesis", "transport", "heard"],
            runs.SelectMany(r => r.Result.Turns.Select(t => (IReadOnlyList<string>)[
                r.Engine, Describe(r.End), Markdown.F(t.Index), Describe(t.Next), Markdown.F(t.VoiceToVoice), Markdown.F(t.Endpoint),
                Markdown.F(t.RecognitionFinal), Markdown.F(t.InterviewerFirstSentence), Markdown.F(t.SynthesisFirstSentence),
                Markdown.F(t.Transport), t.Heard,
            ])));
    }

    private static string Median(IEnumerable<TurnTiming> turns, Func<TurnTiming, double> stage) =>
        Markdown.F(Markdown.Median(turns.Select(stage).ToList()));

    private static string Name(InterviewerEngine engine) => engine == InterviewerEngine.Offline ? "offline" : "OpenAI-compatible (paced fake)";

    private static string Describe(AnswerEnd end) => end == AnswerEnd.Done ? "DONE" : "silence";

    private static string Describe(UtteranceKind kind) => kind switch
    {
        UtteranceKind.FollowUp => "follow-up",
        UtteranceKind.Acknowledgement => "acknowledgement",
        UtteranceKind.Closing => "closing",
        UtteranceKind.Question => "question",
        _ => kind.ToString(),
    };

    private sealed record Run(string Engine, AnswerEnd End, InterviewResult Result)
    {
        /// <summary>Every turn after the first, which is reported apart.</summary>
        public IReadOnlyList<TurnTiming> Warm => Result.Turns.Skip(1).ToList();
    }
}
