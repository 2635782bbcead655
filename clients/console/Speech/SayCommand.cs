using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Grpc.Core;
using Rehearse.Console.Audio;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Speech.V1;

namespace Rehearse.Console.Speech;

/// <summary><c>rehearse say</c>: text to speech, played or written to a WAV file.</summary>
public static class SayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var text = new Argument<string?>("TEXT") { Description = "The text to speak; '-' or nothing (with input piped in) reads standard input", Arity = ArgumentArity.ZeroOrOne };
        var file = new Option<string>("--file") { Description = "Read the text from a file", HelpName = "FILE" };
        var output = new Option<string>("--out", "-o") { Description = "Write a WAV file instead of playing ('-' writes it to standard output)", HelpName = "FILE" };
        var voice = new Option<string>("--voice") { Description = "Voice id (see 'rehearse voices'); default: the service's default voice", HelpName = "ID" };
        var rate = new Option<float>("--rate") { Description = "Speaking rate: 1 is normal, 0.5 to 2", HelpName = "RATE" };
        var sampleRate = new Option<int>("--sample-rate") { Description = "Output sample rate: 16000, 22050, 24000, 44100 or 48000 (default: the voice's own)", HelpName = "HZ" };
        var command = new Command("say", "Speak a text: play it, or write it to a WAV file") { text, file, output, voice, rate, sampleRate };
        command.SetAction(global, async context =>
        {
            var parse = context.Parse;
            var words = await ReadTextAsync(parse.GetValue(text), parse.GetValue(file), context.Cancellation);
            var outPath = parse.GetValue(output);
            var request = new SynthesizeRequest
            {
                Text = words,
                Config = new SynthesisConfig
                {
                    Voice = parse.GetValue(voice) ?? "",
                    SpeakingRate = parse.GetValue(rate),
                    AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = parse.GetValue(sampleRate) },
                },
            };
            var client = new SpeechService.SpeechServiceClient(context.ConnectSpeech().Invoker);
            var result = outPath is null
                ? await PlayAsync(client, request, context.Cancellation)
                : await WriteAsync(client, request, outPath, context.Cancellation);
            if (outPath != "-")
            {
                Report(context, outPath, result);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private sealed record Spoken(TimeSpan Duration, int SampleRate, int Sentences);

    private static async Task<string> ReadTextAsync(string? argument, string? file, CancellationToken cancellationToken)
    {
        if (argument is not null && file is not null)
        {
            throw CliException.Usage("give the text as an argument or with --file, not both");
        }
        string words;
        if (file is not null)
        {
            try
            {
                words = await File.ReadAllTextAsync(file, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw CliException.File(file, e);
            }
        }
        else if (argument == "-" || (argument is null && System.Console.IsInputRedirected))
        {
            // Console.In reads synchronously and ignores cancellation: read on the pool so Ctrl-C ends the wait.
            words = await Task.Run(System.Console.In.ReadToEnd, cancellationToken).WaitAsync(cancellationToken);
        }
        else
        {
            words = argument ?? throw CliException.Usage("nothing to say: give TEXT, --file FILE, or pipe the text in");
        }
        return string.IsNullOrWhiteSpace(words) ? throw CliException.Usage("nothing to say: the text is empty") : words.Trim();
    }

    private static async Task<Spoken> PlayAsync(SpeechService.SpeechServiceClient client, SynthesizeRequest request, CancellationToken cancellationToken)
    {
        AudioPlayer? player = null;
        try
        {
            var spoken = await SynthesizeAsync(client, request, async (rate, pcm) =>
            {
                player ??= AudioPlayer.TryStart(rate) ?? throw CliException.Audio(AudioPlayer.NoPlayerMessage + ", or write a file with --out FILE");
                await player.WriteAsync(pcm, cancellationToken);
            }, cancellationToken);
            if (player is not null)
            {
                await player.FinishAsync(cancellationToken);
            }
            return spoken;
        }
        catch (CliException e) when (player is not null)
        {
            // A player was found but could not play (no sound device, e.g. over SSH or in a container).
            throw CliException.Audio($"{e.Message}; write the speech to a file instead with --out FILE");
        }
        finally
        {
            player?.Dispose();
        }
    }

    private static async Task<Spoken> WriteAsync(SpeechService.SpeechServiceClient client, SynthesizeRequest request, string path, CancellationToken cancellationToken)
    {
        WavFileWriter? writer = null;
        try
        {
            var spoken = await SynthesizeAsync(client, request, async (rate, pcm) =>
            {
                writer ??= await WavFileWriter.CreateAsync(path, rate, cancellationToken);
                await writer.WriteAsync(pcm, cancellationToken);
            }, cancellationToken);
            writer ??= await WavFileWriter.CreateAsync(path, spoken.SampleRate, cancellationToken);
            await writer.CompleteAsync(cancellationToken);
            return spoken;
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync();
            }
        }
    }

    // Streams the synthesis, handing each piece of audio to the sink as it arrives (playback starts at once).
    private static async Task<Spoken> SynthesizeAsync(
        SpeechService.SpeechServiceClient client, SynthesizeRequest request, Func<int, ReadOnlyMemory<byte>, Task> sink,
        CancellationToken cancellationToken)
    {
        using var call = client.Synthesize(request, deadline: Deadlines.ForText(request.Text.Length), cancellationToken: cancellationToken);
        var sampleRate = 0;
        long bytes = 0;
        var sentences = 0;
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            if (response.AudioFormat is { } format)
            {
                // The first response carries the format: 16-bit mono at the voice's native rate, as requested.
                sampleRate = format.SampleRateHertz;
            }
            if (response.SentenceEnd)
            {
                sentences++;
            }
            if (response.Audio.Length > 0)
            {
                if (sampleRate <= 0)
                {
                    throw new RpcException(new Status(StatusCode.Internal, "the Speech service sent audio before its format"));
                }
                bytes += response.Audio.Length;
                await sink(sampleRate, response.Audio.Memory);
            }
        }
        return new Spoken(sampleRate > 0 ? TimeSpan.FromSeconds(bytes / 2.0 / sampleRate) : TimeSpan.Zero, sampleRate, sentences);
    }

    private static void Report(CommandContext context, string? path, Spoken spoken)
    {
        var seconds = Math.Round(spoken.Duration.TotalSeconds, 2);
        if (context.Settings.Json)
        {
            System.Console.Out.WriteLine(JsonSerializer.Serialize(new
            {
                file = path,
                played = path is null,
                duration_seconds = seconds,
                sample_rate_hertz = spoken.SampleRate,
                sentences = spoken.Sentences,
            }));
        }
        else if (path is not null)
        {
            System.Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {path}: {seconds:0.00} s of speech at {spoken.SampleRate} Hz ({spoken.Sentences} sentence{(spoken.Sentences == 1 ? "" : "s")})."));
        }
    }
}
