using System.Diagnostics;
using Grpc.Core;
using Rehearse.Interview.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// Faults against the real services, each started as a process: the Interview service killed mid-answer, the
/// database stopped mid-turn, the Speech service slow, hung and killed, and clients cancelling at random; one
/// table of what was checked and what was seen.
/// </summary>
/// <remarks><c>-- faults [interview-kill|database|speech|cancel ...]</c> (all by default); bench/run faults builds the services.</remarks>
internal static class FaultBenchmark
{
    private static readonly string[] Scenarios = ["interview-kill", "database", "speech", "cancel"];

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(20);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var chosen = args.Count == 0 ? Scenarios : [.. args];
        if (chosen.Except(Scenarios).Any())
        {
            Console.Error.WriteLine($"usage: -- faults [{string.Join("|", Scenarios)} ...]");
            return 2;
        }
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}.");
        Console.WriteLine(Markdown.LoadAverage("at start"));
        var logs = Path.Combine(TestPaths.RepositoryRoot, ".data", "logs", "bench-faults");
        var rows = new List<Row>();
        foreach (var scenario in chosen)
        {
            var clock = Stopwatch.StartNew();
            var checks = new Checks(scenario);
            // Named after the scenario, so each leaves its services' logs apart.
            var build = new ServiceBuild(scenario, TestPaths.RepositoryRoot);
            try
            {
                await (scenario switch
                {
                    "interview-kill" => InterviewKilledAsync(build, logs, checks),
                    "database" => DatabaseStoppedAsync(build, logs, checks),
                    "speech" => SpeechFaultsAsync(build, logs, checks),
                    _ => ClientsCancellingAsync(build, logs, checks),
                });
            }
            catch (Exception e)
            {
                checks.Add("ran to the end", $"{e.GetType().Name}: {e.Message}", false);
            }
            checks.Add("scenario time", $"{clock.Elapsed.TotalSeconds:0} s", true);
            rows.AddRange(checks.Rows);
            Console.Error.WriteLine($"[faults] {scenario} done in {clock.Elapsed.TotalSeconds:0} s");
        }
        Console.WriteLine();
        Console.WriteLine("### Faults");
        Console.WriteLine();
        Markdown.Table(["fault", "check", "seen", "as expected"], rows.Select(r => (IReadOnlyList<string>)[r.Fault, r.Check, r.Seen, r.Ok ? "yes" : "**no**"]));
        Console.WriteLine($"Services' logs: {logs}.");
        Console.WriteLine(Markdown.LoadAverage("at end"));
        return rows.All(r => r.Ok) ? 0 : 1;
    }

    /// <summary>The Interview service is killed (SIGKILL) while an answer is being said, then started again.</summary>
    private static async Task InterviewKilledAsync(ServiceBuild build, string logs, Checks checks)
    {
        await using var database = await ScratchDatabase.CreateAsync("rehearse_faults");
        await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs);
        var answers = await RecordedAnswer.RecordAsync(services.Speech);
        var client = services.Interview(NewUser());
        var session = await CreateAsync(client);
        var completed = new List<string>();
        long lastSeen;
        await using (var conversation = await FaultConversation.OpenAsync(client, session))
        {
            completed.Add((await conversation.AnswerAsync(answers[0], 0)).Event.AnswerCompleted.Turn.Answer);
            var listening = await conversation.ListeningAsync(conversation.Mark);
            _ = conversation.Microphone.SayAsync(answers[1].Pcm, thenDone: false);
            await Task.Delay(TimeSpan.FromSeconds(2));
            lastSeen = conversation.LastSequence;
            await services.KillInterviewAsync();
        }
        var restart = Stopwatch.StartNew();
        await services.RestartInterviewAsync();
        checks.Add("restart until the service answers", $"{restart.Elapsed.TotalSeconds:0.0} s", true);

        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session }, deadline: Deadline());
        var storedAnswers = stored.Turns.Where(t => t.Answer.Length > 0).Select(t => t.Answer).ToList();
        checks.Add("completed turns kept after SIGKILL", $"{storedAnswers.Count} stored of {completed.Count} completed before the kill",
            completed.All(storedAnswers.Contains));
        checks.Add("events stored up to the last one the client saw", $"last seen {lastSeen}, stored {stored.Session.LastSequence}",
            stored.Session.LastSequence >= lastSeen);

        var resumed = Stopwatch.StartNew();
        await using var again = await FaultConversation.OpenAsync(client, session, afterSequence: lastSeen);
        var listeningAgain = await again.ListeningAsync(0);
        var sequences = again.Events.Select(e => e.Event.Sequence).Where(s => s > lastSeen).Distinct().Order().ToList();
        var gapless = sequences.Count > 0 && sequences[0] == lastSeen + 1 && sequences[^1] - sequences[0] == sequences.Count - 1;
        checks.Add("resume by sequence: events after the last seen, no gaps", sequences.Count == 0 ? "none" : $"{sequences[0]}..{sequences[^1]} ({sequences.Count})", gapless);
        checks.Add("resumed (Converse start, after_sequence) until listening", $"{resumed.Elapsed.TotalSeconds:0.0} s, question {listeningAgain.Event.StateChanged.QuestionIndex + 1}", true);
        var next = await again.AnswerAsync(answers[1], again.Mark);
        checks.Add("the interview continues: the interrupted answer said again and completed", $"turn {next.Event.AnswerCompleted.Turn.Index}: \"{Cut(next.Event.AnswerCompleted.Turn.Answer)}\"",
            next.Event.AnswerCompleted.Turn.Index == completed.Count);
        checks.Add("notices", Join(again.NoticesFrom(0)), true);
    }

    /// <summary>The database is stopped while a turn is answered, then started again.</summary>
    private static async Task DatabaseStoppedAsync(ServiceBuild build, string logs, Checks checks)
    {
        await using var postgres = await PrivatePostgres.StartAsync();
        await using var services = await ServiceProcesses.StartAsync(build, postgres.ConnectionString, logs);
        var answers = await RecordedAnswer.RecordAsync(services.Speech);
        var client = services.Interview(NewUser());
        var session = await CreateAsync(client);
        var completed = new List<string>();
        await using (var conversation = await FaultConversation.OpenAsync(client, session))
        {
            completed.Add((await conversation.AnswerAsync(answers[0], 0)).Event.AnswerCompleted.Turn.Answer);
            await conversation.ListeningAsync(conversation.Mark);
            var stoppedAt = conversation.Mark;
            await postgres.StopAsync();
            var outage = Stopwatch.StartNew();
            completed.Add((await conversation.AnswerAsync(answers[1], stoppedAt)).Event.AnswerCompleted.Turn.Answer);
            checks.Add("answer during the outage completed", $"after {outage.Elapsed.TotalSeconds:0.0} s of outage", true);
            var unavailable = await Try(() => conversation.WaitForAsync(e => e.Notice?.Code == "storage_unavailable", stoppedAt, TimeSpan.FromSeconds(30), "storage_unavailable"));
            checks.Add("the client is told (storage_unavailable)", unavailable is null ? "no notice within 30 s" : "notice received", unavailable is not null);
            var nextQuestion = await Try(() => conversation.ListeningAsync(conversation.Mark, TimeSpan.FromSeconds(60)));
            checks.Add("the session goes on (next question asked)", nextQuestion is null ? "not within 60 s" : $"question {nextQuestion.Event.StateChanged.QuestionIndex + 1} listening", nextQuestion is not null);

            var create = Stopwatch.StartNew();
            var refused = await StatusOfAsync(() => CreateAsync(client));
            checks.Add("CreateSession while the database is down", $"{refused} after {create.Elapsed.TotalSeconds:0.0} s",
                refused is StatusCode.Unavailable && create.Elapsed < CallDeadline);

            var restarting = conversation.Mark;
            await postgres.RestartAsync();
            var back = Stopwatch.StartNew();
            var restored = await Try(() => conversation.WaitForAsync(e => e.Notice?.Code == "storage_restored", restarting, TimeSpan.FromSeconds(90), "storage_restored"));
            checks.Add("writes retried: storage_restored after the database is back", restored is null ? "not within 90 s" : $"{back.Elapsed.TotalSeconds:0.0} s", restored is not null);
            var created = await StatusOfAsync(() => CreateAsync(client));
            checks.Add("the service recovers without a restart (CreateSession)", created.ToString(), created == StatusCode.OK);
        }
        // What is in the database, not in the running service's memory: the service is killed and reloads the session.
        await services.KillInterviewAsync();
        await services.RestartInterviewAsync();
        var stored = await client.GetSessionAsync(new GetSessionRequest { SessionId = session }, deadline: Deadline());
        var storedAnswers = stored.Turns.Where(t => t.Answer.Length > 0).Select(t => t.Answer).ToList();
        checks.Add("nothing completed lost (read back after a restart)", $"{storedAnswers.Count} stored of {completed.Count} completed",
            completed.All(storedAnswers.Contains));
    }

    /// <summary>The Speech service made slow, then hung, then killed, each time coming back.</summary>
    private static async Task SpeechFaultsAsync(ServiceBuild build, string logs, Checks checks)
    {
        await using var database = await ScratchDatabase.CreateAsync("rehearse_faults");
        SpeechLink? link = null;
        await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs,
            speechPort => (link = new SpeechLink(speechPort)).Address);
        await using var proxy = link!;
        var answers = await RecordedAnswer.RecordAsync(services.Speech);
        var client = services.Interview(NewUser());
        var session = await CreateAsync(client, questions: 8);
        await using var conversation = await FaultConversation.OpenAsync(client, session);
        var answer = 0;
        async Task<string> TimedAnswerAsync()
        {
            var from = conversation.Mark;
            var clock = Stopwatch.StartNew();
            var completed = await conversation.AnswerAsync(answers[answer++ % answers.Count], from);
            return $"listening and answer completed in {clock.Elapsed.TotalSeconds:0.0} s";
        }
        checks.Add("healthy: one spoken turn", await TimedAnswerAsync(), true);

        proxy.Mode = LinkMode.Slow;
        var slowFrom = conversation.Mark;
        var slow = await Try(TimedAnswerAsync);
        checks.Add($"slow (+{SpeechLink.SlowDelay.TotalMilliseconds:0} ms each way per read): a spoken turn", slow ?? "failed", slow is not null);
        checks.Add("slow: notices", Join(conversation.NoticesFrom(slowFrom)), true);
        proxy.Mode = LinkMode.Healthy;

        await HungOrDownAsync("hung (accepts, never answers)", () => { proxy.Mode = LinkMode.Hung; return Task.CompletedTask; },
            () => { proxy.Mode = LinkMode.Healthy; return Task.CompletedTask; });
        await HungOrDownAsync("killed (SIGKILL)", services.KillSpeechAsync, services.RestartSpeechAsync);

        async Task HungOrDownAsync(string fault, Func<Task> breakSpeech, Func<Task> healSpeech)
        {
            await conversation.ListeningAsync(conversation.Mark);
            var from = conversation.Mark;
            await breakSpeech();
            var clock = Stopwatch.StartNew();
            _ = conversation.Microphone.SayAsync(answers[answer++ % answers.Count].Pcm, thenDone: false);
            var notice = await Try(() => conversation.WaitForAsync(e => e.Notice?.Code == "speech_unavailable", from, TimeSpan.FromSeconds(45), "speech_unavailable"));
            checks.Add($"{fault}: answer audio → speech_unavailable", notice is null ? "none within 45 s" : $"after {clock.Elapsed.TotalSeconds:0.0} s",
                notice is not null && clock.Elapsed < TimeSpan.FromSeconds(30));

            var options = Stopwatch.StartNew();
            var setup = await StatusOfAsync(() => client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), deadline: Deadline()).ResponseAsync);
            checks.Add($"{fault}: GetSetupOptions (lists the Speech voices)", $"{setup} in {options.Elapsed.TotalSeconds:0.0} s", options.Elapsed < CallDeadline);

            var typed = conversation.Mark;
            var typing = Stopwatch.StartNew();
            await conversation.TypeAsync("I would measure first, then change one thing at a time and compare.");
            var next = await Try(() => conversation.ListeningAsync(typed, TimeSpan.FromSeconds(60)));
            checks.Add($"{fault}: typed answer → next question listening (its speech failing)",
                next is null ? "not within 60 s" : $"{typing.Elapsed.TotalSeconds:0.0} s; notices {Join(conversation.NoticesFrom(typed))}", next is not null);

            await healSpeech();
            var healed = conversation.Mark;
            var recovery = Stopwatch.StartNew();
            var spoken = await Try(() => conversation.AnswerAsync(answers[answer++ % answers.Count], healed));
            var restored = conversation.NoticesFrom(from).Contains("speech_restored");
            checks.Add($"{fault}, back: spoken answer completed, speech_restored, no Interview restart",
                spoken is null ? "answer not completed" : $"{recovery.Elapsed.TotalSeconds:0.0} s; restored notice {(restored ? "yes" : "no")}",
                spoken is not null && restored);
        }
    }

    /// <summary>Many sessions whose calls are cancelled at random points, then the services checked for leaks.</summary>
    private static async Task ClientsCancellingAsync(ServiceBuild build, string logs, Checks checks)
    {
        const int Sessions = 10, Rounds = 2;
        await using var database = await ScratchDatabase.CreateAsync("rehearse_faults");
        await using var services = await ServiceProcesses.StartAsync(build, database.ConnectionString, logs);
        var answers = await RecordedAnswer.RecordAsync(services.Speech);
        var random = new Random(7);
        var clients = Enumerable.Range(0, Sessions).Select(_ => services.Interview(NewUser())).ToList();
        var sessions = new List<string>();
        foreach (var c in clients)
        {
            sessions.Add(await CreateAsync(c));
        }
        var cancelled = 0;
        for (var round = 0; round < Rounds; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, Sessions).Select(async i =>
            {
                TimeSpan startAfter, cancelAfter;
                lock (random)
                {
                    (startAfter, cancelAfter) = (TimeSpan.FromSeconds(random.NextDouble() * 3), TimeSpan.FromSeconds(0.2 + random.NextDouble() * 15));
                }
                await Task.Delay(startAfter);
                await using var conversation = await FaultConversation.OpenAsync(clients[i], sessions[i]);
                _ = conversation.Microphone.SayAsync(answers[i % answers.Count].Pcm, thenDone: false);
                await Task.Delay(cancelAfter);
                await conversation.CancelAsync();
                Interlocked.Increment(ref cancelled);
            }));
        }
        checks.Add("Converse calls cancelled at random (0.2–15 s in)", $"{cancelled} over {Sessions} sessions", true);

        // An answer holds its recognition call until Interview:AnswerAudioIdleTimeout (10 s) passes without audio.
        await Task.Delay(TimeSpan.FromSeconds(15));
        var states = new List<SessionState>();
        var slowest = TimeSpan.Zero;
        foreach (var (c, id) in clients.Zip(sessions))
        {
            var clock = Stopwatch.StartNew();
            states.Add((await c.GetSessionAsync(new GetSessionRequest { SessionId = id }, deadline: Deadline())).Session.State);
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
        }
        checks.Add("every session answers GetSession", $"{string.Join(", ", states.GroupBy(s => s).Select(g => $"{g.Count()} {g.Key}"))}; slowest {slowest.TotalMilliseconds:0} ms", true);
        checks.Add("Speech recognition places free with the sessions still open", await RecognitionPlacesAsync(services.Speech), true);

        var ended = 0;
        foreach (var (c, id) in clients.Zip(sessions))
        {
            var response = await c.EndSessionAsync(new EndSessionRequest { SessionId = id }, deadline: Deadline());
            ended += response.Session.State == SessionState.Finished ? 1 : 0;
        }
        checks.Add("no stuck session: every one ends (EndSession → FINISHED)", $"{ended} of {Sessions}", ended == Sessions);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var places = await RecognitionPlacesAsync(services.Speech);
        checks.Add("no slot leak: all 8 recognition places free, a 9th refused", places, places.StartsWith("8 admitted, 9th ResourceExhausted", StringComparison.Ordinal));
        var synthesis = await SynthesisPlacesAsync(services.Speech);
        checks.Add("no slot leak: 8 synthesis streams at once", synthesis, synthesis.StartsWith("8 of 8", StringComparison.Ordinal));

        var fresh = services.Interview(NewUser());
        await using var conversation = await FaultConversation.OpenAsync(fresh, await CreateAsync(fresh));
        var clock2 = Stopwatch.StartNew();
        await conversation.AnswerAsync(answers[0], 0);
        checks.Add("services healthy: a new session's spoken turn", $"{clock2.Elapsed.TotalSeconds:0.0} s", true);
    }

    /// <summary>
    /// Opens the Speech service's default number of recognition calls (8) and one more: with every place free,
    /// the 8 are admitted and the 9th is refused at once.
    /// </summary>
    private static async Task<string> RecognitionPlacesAsync(SpeechService.SpeechServiceClient speech)
    {
        using var cancel = new CancellationTokenSource();
        var calls = new List<AsyncDuplexStreamingCall<StreamingRecognizeRequest, StreamingRecognizeResponse>>();
        var reads = new List<Task<StatusCode>>();
        try
        {
            for (var i = 0; i < 9; i++)
            {
                var call = speech.StreamingRecognize(cancellationToken: cancel.Token);
                calls.Add(call);
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest
                {
                    Config = new RecognitionConfig
                    {
                        AudioFormat = new Rehearse.Speech.V1.AudioFormat { Encoding = Rehearse.Speech.V1.AudioEncoding.Linear16, SampleRateHertz = 16_000 },
                    },
                });
                await call.RequestStream.WriteAsync(new StreamingRecognizeRequest { Audio = Google.Protobuf.ByteString.CopyFrom(new byte[3200]) });
                reads.Add(StatusOfAsync(async () => { while (await call.ResponseStream.MoveNext(cancel.Token)) { } }));
                // In order: the 9th must come after the 8 have their places.
                await Task.Delay(300);
            }
            await Task.Delay(1000);
            var refusedEarly = reads.Take(8).Count(r => r.IsCompleted);
            var ninth = await reads[8].WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result.ToString() : "still open", TaskScheduler.Default);
            return $"{8 - refusedEarly} admitted, 9th {ninth}";
        }
        finally
        {
            await cancel.CancelAsync();
            await Task.WhenAll(reads).ContinueWith(_ => { }, TaskScheduler.Default);
            calls.ForEach(c => c.Dispose());
        }
    }

    /// <summary>Opens 8 synthesis calls at once and counts those that deliver audio.</summary>
    private static async Task<string> SynthesisPlacesAsync(SpeechService.SpeechServiceClient speech)
    {
        var statuses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => StatusOfAsync(async () =>
        {
            using var call = speech.Synthesize(new SynthesizeRequest { Text = "Tell me about a system you designed." }, deadline: DateTime.UtcNow.AddSeconds(60));
            if (!await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                throw new RpcException(new Status(StatusCode.Internal, "no audio"));
            }
        })));
        return $"{statuses.Count(s => s == StatusCode.OK)} of 8 delivered audio" +
            (statuses.Any(s => s != StatusCode.OK) ? $" ({string.Join(", ", statuses.Where(s => s != StatusCode.OK))})" : "");
    }

    private static async Task<string> CreateAsync(InterviewService.InterviewServiceClient client, int questions = 4) =>
        (await client.CreateSessionAsync(new CreateSessionRequest
        {
            Config = new SessionConfig
            {
                Role = "backend",
                InterviewType = InterviewType.Technical,
                Difficulty = Difficulty.Medium,
                QuestionCount = questions,
                Spoken = true,
                Engine = InterviewerEngine.Offline,
            },
        }, deadline: Deadline())).Session.Id;

    private static DateTime Deadline() => DateTime.UtcNow + CallDeadline;

    private static string NewUser() => "bench-faults-" + Guid.NewGuid().ToString("N");

    private static async Task<StatusCode> StatusOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task<T?> Try<T>(Func<Task<T>> wait) where T : class
    {
        try
        {
            return await wait();
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or RpcException)
        {
            Console.Error.WriteLine($"[faults] {e.Message}");
            return null;
        }
    }

    private static string Join(IReadOnlyList<string> codes) => codes.Count == 0
        ? "none"
        : string.Join(", ", codes.GroupBy(c => c).Select(g => g.Count() == 1 ? g.Key : $"{g.Count()} × {g.Key}"));

    private static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";

    private sealed record Row(string Fault, string Check, string Seen, bool Ok);

    private sealed class Checks(string fault)
    {
        public List<Row> Rows { get; } = [];

        public void Add(string check, string seen, bool ok)
        {
            Rows.Add(new Row(fault, check, seen, ok));
            Console.Error.WriteLine($"[faults] {fault}: {check}: {seen}{(ok ? "" : " (NOT as expected)")}");
        }
    }
}
