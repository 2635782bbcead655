using System.Text;
using System.Text.Json;
using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>
/// Interviews end to end against the real Interview service (with PostgreSQL) and Speech service: answers from WAV
/// files, typed answers, and the session history commands on what those interviews left.
/// </summary>
public sealed class PracticeTests(ServicesFixture services)
{
    private const string FirstAnswer = "I would put a cache in front of the database and measure the hit rate.";
    private const string SecondAnswer = "Then I would add an index and batch the queries to cut the load.";
    private static readonly TimeSpan InterviewTimeout = TimeSpan.FromMinutes(3);
    private readonly Cli _cli = new();

    private async Task<Dictionary<string, string>> ServiceEnvironmentAsync() => new()
    {
        ["REHEARSE_INTERVIEW_URL"] = (await services.StartInterviewAsync()).ToString(),
        ["REHEARSE_SPEECH_URL"] = services.SpeechAddress!.ToString(),
        ["REHEARSE_SPEECH_KEY"] = ServicesFixture.SpeechKey,
    };

    private async Task<CliResult> RunAsync(string[] args, string? stdin = null)
    {
        var result = await _cli.RunAsync(args, stdin is null ? null : Encoding.UTF8.GetBytes(stdin), await ServiceEnvironmentAsync(), InterviewTimeout);
        return result;
    }

    private async Task SayAsync(string text, string file)
    {
        var result = await RunAsync(["say", text, "--out", file]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task A_practice_run_answered_from_wav_files_prints_the_report_and_stays_in_the_history()
    {
        await SayAsync(FirstAnswer, "first.wav");
        await SayAsync(SecondAnswer, "second.wav");

        var practice = await RunAsync(["practice", "--questions", "1", "--difficulty", "easy", "--mute", "--answers", "first.wav,second.wav"]);

        Assert.True(practice.ExitCode == 0, practice + services.Logs);
        Assert.Contains("Question 1/1: ", practice.Stdout);
        var heard = practice.Stdout.Split('\n').First(line => line.StartsWith("You: ", StringComparison.Ordinal))["You: ".Length..];
        Assert.True(WordErrorRate.Compute(TranscriptNormalizer.Normalize(FirstAnswer), TranscriptNormalizer.Normalize(heard)).Rate <= 0.3, heard);
        Assert.Contains("Report — overall ", practice.Stdout);
        var sessionId = practice.Stdout.Split("session ")[1].Split(' ')[0];

        var list = await RunAsync(["sessions", "list", "--json"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        var listed = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("sessions").EnumerateArray()
            .Single(s => s.GetProperty("id").GetString() == sessionId);
        Assert.Equal("SESSION_STATE_FINISHED", listed.GetProperty("state").GetString());

        var show = await RunAsync(["sessions", "show", sessionId]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("Report — overall ", show.Stdout);
        Assert.Contains("cache", show.Stdout, StringComparison.OrdinalIgnoreCase);

        var markdown = await RunAsync(["sessions", "export", sessionId, "--format", "md", "--out", "report.md"]);
        var pdf = await RunAsync(["sessions", "export", sessionId, "--format", "pdf", "--out", "report.pdf"]);
        Assert.True(markdown.ExitCode == 0, markdown.ToString());
        Assert.True(pdf.ExitCode == 0, pdf.ToString());
        Assert.Contains("#", await File.ReadAllTextAsync(Path.Combine(_cli.Home, "report.md"), TestContext.Current.CancellationToken));
        Assert.StartsWith("%PDF-", Encoding.ASCII.GetString((await File.ReadAllBytesAsync(Path.Combine(_cli.Home, "report.pdf"), TestContext.Current.CancellationToken))[..5]));

        var delete = await RunAsync(["sessions", "delete", sessionId]);
        var gone = await RunAsync(["sessions", "show", sessionId]);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Equal(4, gone.ExitCode);
        Assert.StartsWith("rehearse: NOT_FOUND: ", Assert.Single(gone.ErrorLines));
    }

    [Fact]
    public async Task Delete_my_data_asks_first_then_deletes_every_session_of_the_key()
    {
        var practice = await RunAsync(["practice", "--typed", "--questions", "1", "--mute", "--json"], stdin: "I would add an index.\n/end\n");
        Assert.True(practice.ExitCode == 0, practice + services.Logs);

        var refused = await RunAsync(["delete-my-data"], stdin: "no\n");
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("nothing was deleted", refused.Stderr, StringComparison.Ordinal);
        Assert.Single(await SessionIdsAsync());

        var deleted = await RunAsync(["delete-my-data", "--yes", "--json"]);
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(1, JsonDocument.Parse(deleted.Stdout).RootElement.GetProperty("deletedSessions").GetInt32());
        Assert.Empty(await SessionIdsAsync());
    }

    private async Task<List<string?>> SessionIdsAsync()
    {
        var list = await RunAsync(["sessions", "list", "--json"]);
        Assert.True(list.ExitCode == 0, list.ToString());
        // Protobuf's JSON leaves an empty list out.
        return JsonDocument.Parse(list.Stdout).RootElement.TryGetProperty("sessions", out var sessions)
            ? sessions.EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList()
            : [];
    }

    [Fact]
    public async Task Typed_answers_piped_in_give_a_json_report()
    {
        var practice = await RunAsync(["practice", "--typed", "--questions", "1", "--mute", "--json"],
            stdin: "I would use an index on the foreign key and load the related rows in one batched query.\n/end\n");

        Assert.True(practice.ExitCode == 0, practice + services.Logs);
        var report = JsonDocument.Parse(practice.Stdout).RootElement.GetProperty("report");
        var answer = report.GetProperty("turns")[0].GetProperty("turn");
        Assert.True(answer.GetProperty("typed").GetBoolean());
        Assert.Contains("batched query", answer.GetProperty("answer").GetString());
        // The conversation went to standard error, so standard output is the report alone.
        Assert.Contains("Question 1/1: ", practice.Stderr);
    }

    [Fact]
    public async Task The_chosen_patience_reaches_the_session_config()
    {
        var relaxed = await RunAsync(["practice", "--typed", "--questions", "1", "--mute", "--patience", "relaxed"], stdin: "/end\n");
        var unchosen = await RunAsync(["practice", "--typed", "--questions", "1", "--mute"], stdin: "/end\n");

        Assert.True(relaxed.ExitCode == 0, relaxed + services.Logs);
        Assert.True(unchosen.ExitCode == 0, unchosen + services.Logs);
        Assert.Equal("PATIENCE_RELAXED", await ConfiguredPatienceAsync(relaxed));
        // Not chosen: nothing is sent, so the service's default applies (normal, or unset meaning normal).
        var patience = await ConfiguredPatienceAsync(unchosen);
        Assert.True(patience is null or "PATIENCE_NORMAL", patience);
    }

    private async Task<string?> ConfiguredPatienceAsync(CliResult practice)
    {
        var sessionId = practice.Stdout.Split("session ")[1].Split(' ')[0];
        var show = await RunAsync(["sessions", "show", sessionId, "--json"]);
        Assert.True(show.ExitCode == 0, show.ToString());
        // `sessions show --json` writes GetSessionResponse, then GetReportResponse: one JSON document per line.
        var session = JsonDocument.Parse(show.Stdout.Split('\n')[0]).RootElement.GetProperty("session");
        return session.GetProperty("config").TryGetProperty("patience", out var patience) ? patience.GetString() : null;
    }

    [Fact]
    public async Task Sessions_of_another_api_key_are_not_visible()
    {
        var mine = await RunAsync(["practice", "--typed", "--questions", "1", "--mute"], stdin: "/end\n");
        Assert.True(mine.ExitCode == 0, mine.ToString());
        var sessionId = mine.Stdout.Split("session ")[1].Split(' ')[0];

        var other = await RunAsync(["sessions", "show", sessionId, "--api-key", "another-user-key-0123456789"]);

        Assert.Equal(4, other.ExitCode);
        Assert.StartsWith("rehearse: NOT_FOUND: ", Assert.Single(other.ErrorLines));
        Assert.True(File.Exists(Path.Combine(_cli.Home, ".config", "rehearse", "api-key")));
    }
}
