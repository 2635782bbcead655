using Rehearse.Console.FunctionalTests.Infrastructure;
using Rehearse.Testing.Fuzzing;

namespace Rehearse.Console.FunctionalTests;

/// <summary>
/// The console client's file reader against WAV files with broken headers: each is transcribed, refused by the
/// service (exit 4) or refused locally with the file named (exit 5), never a crash.
/// </summary>
public sealed class WavFileFuzzTests(ServicesFixture services) : IDisposable
{
    private const int Seed = 20261207;
    private readonly Cli _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Transcribe_answers_every_broken_wav_file_with_a_chosen_exit()
    {
        var speech = (await services.StartSpeechAsync()).ToString();
        var random = new Random(Seed);
        for (var i = 0; i < 24; i++)
        {
            var path = Path.Combine(_cli.Home, $"broken-{i}.wav");
            var wav = BadWav.Create(random);
            await File.WriteAllBytesAsync(path, wav, TestContext.Current.CancellationToken);

            var result = await _cli.RunAsync("transcribe", path, "--speech", speech, "--speech-key", ServicesFixture.SpeechKey);

            var context = $"file #{i} ({Convert.ToHexString(wav.AsSpan(0, Math.Min(wav.Length, 64)))}): {result}";
            Assert.True(result.ExitCode is 0 or 4 or 5, context);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            if (result.ExitCode == 5)
            {
                Assert.Contains(path, result.Stderr, StringComparison.Ordinal);
            }
            else if (result.ExitCode == 4)
            {
                Assert.StartsWith("rehearse: INVALID_ARGUMENT: ", Assert.Single(result.ErrorLines));
            }
        }
    }
}
