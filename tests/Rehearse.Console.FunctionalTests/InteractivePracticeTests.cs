using System.Text;
using Rehearse.Console.FunctionalTests.Infrastructure;

namespace Rehearse.Console.FunctionalTests;

/// <summary>The interactive interview in a real terminal (tmux): typed answers, and the live view driven by keys.</summary>
public sealed class InteractivePracticeTests(ServicesFixture services) : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<Dictionary<string, string>> EnvironmentAsync(Dictionary<string, string>? extra = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["REHEARSE_INTERVIEW_URL"] = (await services.StartInterviewAsync()).ToString(),
            ["REHEARSE_SPEECH_URL"] = services.SpeechAddress!.ToString(),
            ["REHEARSE_SPEECH_KEY"] = ServicesFixture.SpeechKey,
        };
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }
        return environment;
    }

    [Fact]
    public async Task Typed_interview_in_a_terminal()
    {
        TmuxSession.RequireTmux();
        var environment = await EnvironmentAsync();
        await using var terminal = await TmuxSession.StartAsync(_cli.Home, _cli.Environment(environment),
            "dotnet", BuiltPrograms.Cli, "practice", "--typed", "--questions", "1", "--mute");

        await terminal.WaitForAsync("Question 1/1:", StepTimeout);
        await terminal.WaitForAsync("[listening]", StepTimeout);
        await terminal.TypeLineAsync("I would profile the slow endpoint first, then add an index and cache the hot reads.");
        // Ends at the follow-up, if the interviewer asks one.
        await terminal.TypeLineAsync("/end");

        await terminal.WaitForAsync("[exit ", StepTimeout);
        var printed = await terminal.HistoryAsync();
        Assert.Contains("Answer recorded", printed);
        Assert.Contains("Report — overall", printed);
        Assert.Contains("[exit 0]", printed);
    }

    [Fact]
    public async Task Spoken_interview_in_the_live_view_with_keys()
    {
        TmuxSession.RequireTmux();
        // The microphone is a command that waits for the test's signal, then "speaks" a synthesized answer
        // (16 kHz mono 16-bit, as a recorder delivers it) and stays open in silence, as a live device does. The
        // answer trails off on "because", so the interviewer waits for more and the keys decide.
        var say = await _cli.RunAsync(["say", "I would put a cache in front of the database because", "--sample-rate", "16000", "--out", "answer.wav"],
            environment: await EnvironmentAsync());
        Assert.True(say.ExitCode == 0, say.ToString());
        var wav = await File.ReadAllBytesAsync(Path.Combine(_cli.Home, "answer.wav"), TestContext.Current.CancellationToken);
        var pcm = wav[^WavFacts.Read(wav).DataBytes..];
        await File.WriteAllBytesAsync(Path.Combine(_cli.Home, "answer.raw"), [.. pcm, .. new byte[16000 * 2]], TestContext.Current.CancellationToken);
        var go = Path.Combine(_cli.Home, "go");
        var microphone = $"while [ ! -e '{go}' ]; do sleep 0.1; done; cat '{Path.Combine(_cli.Home, "answer.raw")}'; exec sleep 600";

        var environment = await EnvironmentAsync(new() { ["REHEARSE_RECORD_COMMAND"] = microphone });
        await using var terminal = await TmuxSession.StartAsync(_cli.Home, _cli.Environment(environment),
            "dotnet", BuiltPrograms.Cli, "practice", "--questions", "2", "--mute");

        var screen = await terminal.WaitForAsync("LISTENING", StepTimeout);
        Assert.Contains("Question 1", screen);
        Assert.Contains("Enter done answering", screen);
        await File.WriteAllTextAsync(go, "", TestContext.Current.CancellationToken);
        screen = await terminal.WaitForAsync("cache", StepTimeout);
        Assert.Contains("You:", screen);

        // Enter ends the answer at once (the "microphone" is silent but sends nothing more); q ends the interview.
        await terminal.SendKeysAsync("Enter");
        await terminal.WaitForAsync("recorded", StepTimeout);
        await terminal.SendKeysAsync("q");

        await terminal.WaitForAsync("[exit ", StepTimeout);
        var printed = await terminal.HistoryAsync();
        Assert.Contains("Report — overall", printed);
        Assert.Contains("[exit 0]", printed);
    }

    [Fact]
    public async Task S_during_the_greeting_skips_it_to_the_first_question()
    {
        TmuxSession.RequireTmux();
        // How long the greeting takes to say: the first question would come no sooner without the skip.
        const string greeting = "Hi, this is your technical interview for the Backend engineer role: one question, let's begin.";
        var said = await _cli.RunAsync(["say", greeting, "-o", "greeting.wav", "--json"], environment: await EnvironmentAsync());
        Assert.True(said.ExitCode == 0, said.ToString());
        var greetingSeconds = System.Text.Json.JsonDocument.Parse(said.Stdout).RootElement.GetProperty("duration_seconds").GetDouble();

        // Spoken (the service waits while the greeting plays), into a player that discards it.
        var environment = await EnvironmentAsync(new() { ["REHEARSE_RECORD_COMMAND"] = "exec sleep 600", ["REHEARSE_PLAY_COMMAND"] = "cat > /dev/null" });
        await using var terminal = await TmuxSession.StartAsync(_cli.Home, _cli.Environment(environment),
            "dotnet", BuiltPrograms.Cli, "practice", "--role", "backend", "--questions", "1");

        await terminal.WaitForAsync("Hi, this is your", StepTimeout);
        var skipped = System.Diagnostics.Stopwatch.StartNew();
        await terminal.SendKeysAsync("s");
        var screen = await terminal.WaitForAsync("Question 1", StepTimeout);
        skipped.Stop();

        Assert.True(skipped.Elapsed.TotalSeconds < greetingSeconds - 1,
            $"the first question came {skipped.Elapsed.TotalSeconds:F1} s after s; the greeting takes {greetingSeconds:F1} s to say\n{screen}");
        await terminal.SendKeysAsync("q");
        await terminal.WaitForAsync("[exit ", StepTimeout);
    }
}
