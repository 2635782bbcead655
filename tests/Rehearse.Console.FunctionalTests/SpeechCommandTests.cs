using System.Text.Json;
using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>say, transcribe and voices against the real Speech service with the real models.</summary>
public sealed class SpeechCommandTests(ServicesFixture services) : IDisposable
{
    private const string Sentence = "Please book a table for four people at seven tonight.";
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    private async Task<string[]> SpeechArgs(params string[] args) =>
        [.. args, "--speech", (await services.StartSpeechAsync()).ToString(), "--speech-key", ServicesFixture.SpeechKey];

    private async Task<string> SayToFileAsync(string text, string name)
    {
        var result = await _cli.RunAsync(await SpeechArgs("say", text, "--out", name));
        Assert.True(result.ExitCode == 0, result + services.Logs);
        return Path.Combine(_cli.Home, name);
    }

    [Theory]
    [InlineData(null, "needs an API key")]
    [InlineData("console-tests-wrong-key-0123", "is not one the Speech service accepts")]
    public async Task Without_the_speech_key_the_call_is_refused_and_the_error_says_how_to_give_it(string? key, string reason)
    {
        string[] args = ["voices", "--speech", (await services.StartSpeechAsync()).ToString()];

        var result = await _cli.RunAsync(key is null ? args : [.. args, "--speech-key", key]);

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("rehearse: UNAUTHENTICATED: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains(reason, result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--speech-key or REHEARSE_SPEECH_KEY", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Say_with_a_player_but_no_sound_device_suggests_writing_a_file()
    {
        // What aplay says and does on a machine without a sound card.
        var noDevice = "cat > /dev/null; echo 'aplay: main:831: audio open error: No such file or directory' >&2; exit 1";

        var result = await _cli.RunAsync(await SpeechArgs("say", Sentence), environment: new Dictionary<string, string> { ["REHEARSE_PLAY_COMMAND"] = noDevice });

        Assert.Equal(5, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.Contains("audio open error", error, StringComparison.Ordinal);
        Assert.EndsWith("write the speech to a file instead with --out FILE", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Say_writes_a_wav_file_as_long_as_the_text_takes_to_say()
    {
        var result = await _cli.RunAsync(await SpeechArgs("say", Sentence, "--out", "sentence.wav"));

        Assert.True(result.ExitCode == 0, result + services.Logs);
        Assert.StartsWith("Wrote sentence.wav: ", result.Stdout);
        var wav = WavFacts.Read(await File.ReadAllBytesAsync(Path.Combine(_cli.Home, "sentence.wav"), TestContext.Current.CancellationToken));
        Assert.Equal(1, wav.Channels);
        Assert.Equal(16, wav.BitsPerSample);
        // Ten words at a normal speaking rate: two to seven seconds.
        Assert.InRange(wav.Duration.TotalSeconds, 2, 7);
    }

    [Fact]
    public async Task Say_reads_standard_input_and_speaks_faster_at_a_higher_rate()
    {
        var normal = await _cli.RunAsync(await SpeechArgs("say", "--out", "normal.wav", "--json"), System.Text.Encoding.UTF8.GetBytes(Sentence));
        var fast = await _cli.RunAsync(await SpeechArgs("say", Sentence, "--rate", "1.6", "--out", "fast.wav", "--json"));

        Assert.True(normal.ExitCode == 0, normal + services.Logs);
        Assert.True(fast.ExitCode == 0, fast + services.Logs);
        var normalSeconds = JsonDocument.Parse(normal.Stdout).RootElement.GetProperty("duration_seconds").GetDouble();
        var fastSeconds = JsonDocument.Parse(fast.Stdout).RootElement.GetProperty("duration_seconds").GetDouble();
        Assert.InRange(fastSeconds, 0.4 * normalSeconds, 0.85 * normalSeconds);
    }

    [Fact]
    public async Task Transcribe_gives_back_what_say_said_whole_streamed_and_from_standard_input()
    {
        var wav = await SayToFileAsync(Sentence, "round-trip.wav");

        var whole = await _cli.RunAsync(await SpeechArgs("transcribe", wav));
        var streamed = await _cli.RunAsync(await SpeechArgs("transcribe", wav, "--streaming", "--format", "json"));
        var piped = await _cli.RunAsync(await SpeechArgs("transcribe", "-"), await File.ReadAllBytesAsync(wav, TestContext.Current.CancellationToken));

        foreach (var result in new[] { whole, streamed, piped })
        {
            Assert.True(result.ExitCode == 0, result + services.Logs);
        }
        var streamedText = JsonDocument.Parse(streamed.Stdout).RootElement.GetProperty("transcript").GetString()!;
        foreach (var transcript in new[] { whole.Stdout, streamedText, piped.Stdout })
        {
            var wer = WordErrorRate.Compute(TranscriptNormalizer.Normalize(Sentence), TranscriptNormalizer.Normalize(transcript)).Rate;
            Assert.True(wer <= 0.3, $"WER {wer:0.00}: '{transcript.Trim()}'");
        }
    }

    [Fact]
    public async Task Transcribe_writes_subtitles_with_segment_times_and_raw_pcm_is_understood()
    {
        var wav = await SayToFileAsync("Good morning. Let us start with the first question.", "subtitles.wav");
        var bytes = await File.ReadAllBytesAsync(wav, TestContext.Current.CancellationToken);
        var facts = WavFacts.Read(bytes);
        var raw = Path.Combine(_cli.Home, "subtitles.raw");
        await File.WriteAllBytesAsync(raw, bytes[^facts.DataBytes..], TestContext.Current.CancellationToken);

        var srt = await _cli.RunAsync(await SpeechArgs("transcribe", wav, "--format", "srt"));
        var vtt = await _cli.RunAsync(await SpeechArgs("transcribe", raw, "--encoding", "linear16", "--rate", facts.SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "vtt"));

        Assert.True(srt.ExitCode == 0, srt.ToString());
        Assert.True(vtt.ExitCode == 0, vtt.ToString());
        Assert.Matches(@"^1\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\n\S", srt.Stdout);
        Assert.StartsWith("WEBVTT\n\n", vtt.Stdout);
        Assert.Matches(@"\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}", vtt.Stdout);
        Assert.Contains("question", vtt.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Voices_are_listed_as_tab_separated_lines_or_json()
    {
        var table = await _cli.RunAsync(await SpeechArgs("voices"));
        var json = await _cli.RunAsync(await SpeechArgs("voices", "--json"));

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ID\tNAME\tLANGUAGE\tGENDER\tRATE\tDESCRIPTION", lines[0]);
        Assert.True(lines.Length > 1, table.Stdout);
        var voices = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("voices");
        Assert.Equal(lines.Length - 1, voices.GetArrayLength());
        Assert.Equal(lines[1].Split('\t')[0], voices[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_request_the_service_refuses_exits_4_with_its_status()
    {
        var wav = await SayToFileAsync("Hello there.", "refused.wav");

        var language = await _cli.RunAsync(await SpeechArgs("transcribe", wav, "--language", "fr-FR"));
        var rate = await _cli.RunAsync(await SpeechArgs("say", "Hello there.", "--rate", "5", "--out", "too-fast.wav"));

        Assert.Equal(4, language.ExitCode);
        Assert.StartsWith("rehearse: INVALID_ARGUMENT: ", Assert.Single(language.ErrorLines));
        Assert.Equal(4, rate.ExitCode);
        Assert.StartsWith("rehearse: INVALID_ARGUMENT: ", Assert.Single(rate.ErrorLines));
        Assert.False(File.Exists(Path.Combine(_cli.Home, "too-fast.wav")));
    }
}
