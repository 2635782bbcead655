using System.Text;
using System.Text.Json;
using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>
/// Interviews end to end against the real Interview service (with PostgreSQL) and Speech service: answers from WAV
/// files, typed answers, and the session history commands on what those interviews left.
/// </summary>
public sealed class PracticeTests(ServicesFixture services) : IDisposable
{
    private const string FirstAnswer = "I would put a cache in front of the database and measure the hit rate.";
    private const string SecondAnswer = "Then I would add an index and batch the queries to cut the load.";
    private static readonly TimeSpan InterviewTimeout = TimeSpan.FromMinutes(3);
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

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
        Assert.Contains("Question 1 — ", show.Stdout);
        Assert.Contains("How the scores are made", show.Stdout);

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
    public async Task Roles_lists_the_role_ids_and_an_unknown_role_is_refused_naming_them()
    {
        var roles = await RunAsync(["roles"]);
        Assert.True(roles.ExitCode == 0, roles.ToString());
        var lines = roles.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ID\tNAME\tTYPES", lines[0]);
        var ids = lines[1..].Select(line => line.Split('\t')[0]).ToArray();
        Assert.Contains("backend", ids);
        Assert.Contains(lines, line => line.StartsWith("backend\t", StringComparison.Ordinal) && line.Contains("technical", StringComparison.Ordinal));

        var unknown = await RunAsync(["practice", "--role", "data", "--typed", "--questions", "1", "--mute"], stdin: "");

        Assert.NotEqual(0, unknown.ExitCode);
        var error = Assert.Single(unknown.ErrorLines);
        Assert.Contains("'data' is not a known role", error, StringComparison.Ordinal);
        Assert.All(ids, id => Assert.Contains(id, error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Session_commands_take_a_unique_start_of_the_id_and_an_ambiguous_one_lists_the_matches()
    {
        // Interviews (each ended at its first question) until two ids share a first character: at most 17.
        var ids = new List<string>();
        while (!ids.GroupBy(id => id[0]).Any(group => group.Count() > 1))
        {
            var practice = await RunAsync(["practice", "--typed", "--questions", "1", "--mute"], stdin: "");
            Assert.True(practice.ExitCode == 0, practice + services.Logs);
            ids = [.. (await SessionIdsAsync()).Select(id => id!)];
        }
        var pair = ids.GroupBy(id => id[0]).First(group => group.Count() > 1).Take(2).ToArray();
        var common = new string([.. pair[0].Zip(pair[1]).TakeWhile(chars => chars.First == chars.Second).Select(chars => chars.First)]);
        var matching = ids.Where(id => id.StartsWith(common, StringComparison.Ordinal)).ToArray();
        var target = pair[0];
        var unique = Enumerable.Range(1, target.Length).Select(n => target[..n]).First(start => ids.Count(id => id.StartsWith(start, StringComparison.Ordinal)) == 1);

        var show = await RunAsync(["sessions", "show", unique, "--json"]);
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Equal(target, JsonDocument.Parse(show.Stdout.Split('\n')[0]).RootElement.GetProperty("session").GetProperty("id").GetString());

        var ambiguous = await RunAsync(["sessions", "delete", common]);
        Assert.Equal(2, ambiguous.ExitCode);
        var error = Assert.Single(ambiguous.ErrorLines);
        Assert.Contains($"'{common}' starts {matching.Length} session ids", error, StringComparison.Ordinal);
        Assert.All(matching, id => Assert.Contains(id, error, StringComparison.Ordinal));

        var none = await RunAsync(["sessions", "export", "zzzz"]);
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no session of yours has an id starting with 'zzzz'", Assert.Single(none.ErrorLines), StringComparison.Ordinal);

        var delete = await RunAsync(["sessions", "delete", unique]);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.DoesNotContain(target, await SessionIdsAsync());
        Assert.Equal(ids.Count - 1, (await SessionIdsAsync()).Count);
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
    public async Task Practice_mode_shows_the_feedback_and_again_tries_the_question_a_second_time()
    {
        // Skipped first: no follow-up, so the feedback comes at once; /again asks the question anew.
        var practice = await RunAsync(["practice", "--typed", "--questions", "1", "--mute", "--practice", "--json"],
            stdin: "/skip\n/again\nI would use an index on the foreign key and load the related rows in one batched query.\n");

        Assert.True(practice.ExitCode == 0, practice + services.Logs);
        Assert.Contains("Question 1, attempt 1: 0/100", practice.Stderr);
        Assert.Contains("Type /again to try the question again, or press Enter to continue.", practice.Stderr);
        var report = JsonDocument.Parse(practice.Stdout).RootElement.GetProperty("report");
        Assert.True(report.GetProperty("practice").GetBoolean());
        Assert.True(report.GetProperty("question_scores")[0].TryGetProperty("attempts", out var attempts), practice.Stderr);
        Assert.Equal([1, 2], attempts.EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(attempts[1].GetProperty("scores").GetProperty("overall").GetInt32(),
            report.GetProperty("question_scores")[0].GetProperty("scores").GetProperty("overall").GetInt32());
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
