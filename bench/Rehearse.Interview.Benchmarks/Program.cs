using System.Globalization;
using Rehearse.Interview.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// Voice-to-voice latency of the Interview service: the real Speech and Interview services in process, a real
/// PostgreSQL database (<c>REHEARSE_TEST_POSTGRES</c>; bench/run starts the test cluster), answers spoken by the
/// Speech service and streamed at real-time pace like a microphone, ended by DONE and by the end-of-answer silence.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project bench/Rehearse.Interview.Benchmarks -- [all|offline|llm] [questions per interview]</c>;
/// <c>-- turns ...</c> runs the turn-taking benchmark (<see cref="TurnTakingBenchmark"/>) instead, <c>-- faults ...</c>
/// the fault runs (<see cref="FaultBenchmark"/>), <c>-- soak ...</c> the soak (<see cref="SoakBenchmark"/>),
/// <c>-- load ...</c> the load ramp (<see cref="LoadBenchmark"/>).
/// Not top-level statements: their generated <c>Program</c> would shadow the Interview service's.
/// </remarks>
internal static class InterviewBenchmarks
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["turns", .. var turns])
        {
            return await TurnTakingBenchmark.RunAsync(turns);
        }
        if (args is ["faults", .. var faults])
        {
            return await FaultBenchmark.RunAsync(faults);
        }
        if (args is ["soak", .. var soak])
        {
            return await SoakBenchmark.RunAsync(soak);
        }
        if (args is ["load", .. var load])
        {
            return await LoadBenchmark.RunAsync(load);
        }
        var mode = args.Length > 0 ? args[0] : "all";
        var questions = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
        if (mode is not ("all" or "offline" or "llm") || questions is < 1 or > 20)
        {
            Console.Error.WriteLine("usage: -- [all|offline|llm] [questions per interview, 1-20]");
            return 2;
        }
        InterviewerEngine[] engines = mode switch
        {
            "offline" => [InterviewerEngine.Offline],
            "llm" => [InterviewerEngine.OpenaiCompatible],
            _ => [InterviewerEngine.Offline, InterviewerEngine.OpenaiCompatible],
        };
        var silence = TimeSpan.FromSeconds(2.5);

        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Console.WriteLine(Markdown.LoadAverage("at start"));
        Console.WriteLine($"Fake model pace: first token after {PacedModel.FirstToken.TotalMilliseconds:0} ms, then {PacedModel.CharactersPerToken} " +
            $"characters every {PacedModel.PerToken.TotalMilliseconds:0} ms (about {1000 / PacedModel.PerToken.TotalMilliseconds:0} tokens a second).");

        await using var speech = new SpeechServiceHost();
        var answers = await RecordedAnswer.RecordAsync(speech.Client());
        Console.WriteLine($"Answers: {answers.Count} recordings of {answers.Min(a => a.Duration.TotalSeconds):0.0}-{answers.Max(a => a.Duration.TotalSeconds):0.0} s, " +
            "16 kHz LINEAR16 in 100 ms chunks at real-time pace.");
        Console.WriteLine();
        await using var model = await PacedModel.StartAsync();
        await using var database = await ScratchDatabase.CreateAsync("rehearse_bench");
        await using var interview = new InterviewServiceHost(speech, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Interview"] = database.ConnectionString,
            ["Interview:EndOfAnswerSilence"] = silence.ToString(),
            ["Interviewers:Offline:Seed"] = "11",
            ["Interviewers:OpenAiCompatible:BaseUrl"] = model.OpenAiBaseUrl.ToString(),
            ["Interviewers:OpenAiCompatible:Model"] = "paced-fake",
        });

        await VoiceToVoiceBenchmark.RunAsync(interview, answers, engines, questions, silence);
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return 0;
    }
}
