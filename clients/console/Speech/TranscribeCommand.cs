using System.CommandLine;
using Rehearse.Console.Audio;
using Rehearse.Console.Cli;
using Rehearse.Speech.V1;
using Spectre.Console;

namespace Rehearse.Console.Speech;

/// <summary><c>rehearse transcribe FILE...</c>: speech to text, as text, JSON or subtitles.</summary>
public static class TranscribeCommand
{
    // Inputs at least this long get a progress bar (or a spinner) on a terminal.
    private static readonly TimeSpan LongInput = TimeSpan.FromSeconds(10);

    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var files = new Argument<string[]>("FILE")
        {
            Description = "Audio files to transcribe: WAV (any common sample format), or headerless PCM with --encoding; '-' reads standard input",
            Arity = ArgumentArity.OneOrMore,
        };
        // An unknown option would otherwise be taken for a file name.
        files.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(t => t.Value.StartsWith('-') && t.Value != "-"))
            {
                result.AddError($"Unrecognized option '{token.Value}'.");
            }
        });
        var model = new Option<string>("--model") { Description = "Recognition model: moonshine-base (default, more accurate) or moonshine-tiny (fastest)", HelpName = "NAME" };
        var streaming = new Option<bool>("--streaming") { Description = "Stream the audio in 100 ms chunks (StreamingRecognize) instead of sending it whole; inputs above 4 MiB and standard input are always streamed" };
        var realtime = new Option<bool>("--realtime") { Description = "When streaming, send audio at real-time pace instead of as fast as possible" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text", HelpName = "text|json|srt|vtt" };
        format.AcceptOnlyFromAmong("text", "json", "srt", "vtt");
        var language = new Option<string>("--language") { Description = "BCP-47 language of the speech (default en-US)", HelpName = "CODE" };
        var encoding = new Option<string>("--encoding") { Description = "Headerless input: sample encoding", HelpName = "linear16|float32|mulaw" };
        encoding.AcceptOnlyFromAmong(RawAudioFormat.EncodingNames);
        var rate = new Option<int>("--rate") { Description = "Headerless input: samples per second", DefaultValueFactory = _ => 16000, HelpName = "HZ" };
        var channels = new Option<int>("--channels") { Description = "Headerless input: interleaved channels (1 or 2)", DefaultValueFactory = _ => 1, HelpName = "N" };

        var command = new Command("transcribe", "Transcribe speech in audio files (or standard input) to text, JSON or subtitles")
        {
            files, model, streaming, realtime, format, language, encoding, rate, channels,
        };
        command.SetAction(global, async context =>
        {
            var parse = context.Parse;
            var outputFormat = context.Settings.Json ? TranscriptFormat.Json : Enum.Parse<TranscriptFormat>(parse.GetValue(format)!, ignoreCase: true);
            var paths = parse.GetValue(files)!;
            if (paths.Length > 1 && outputFormat is TranscriptFormat.Srt or TranscriptFormat.Vtt)
            {
                throw CliException.Usage($"--format {parse.GetValue(format)} writes the subtitles of one input; give one FILE per run");
            }
            if (paths.Count(p => p == "-") > 1)
            {
                throw CliException.Usage("standard input ('-') can be given only once");
            }
            RawAudioFormat? raw = null;
            if (parse.GetValue(encoding) is { } encodingName)
            {
                var sampleRate = parse.GetValue(rate);
                var channelCount = parse.GetValue(channels);
                if (channelCount is < 1 or > 2)
                {
                    throw CliException.Usage($"--channels: {channelCount} is not 1 or 2");
                }
                raw = new RawAudioFormat(RawAudioFormat.ParseEncoding(encodingName), sampleRate, channelCount);
            }
            var config = new RecognitionConfig
            {
                Model = parse.GetValue(model) ?? "",
                LanguageCode = parse.GetValue(language) ?? "",
            };

            var transcriber = new Transcriber(new SpeechService.SpeechServiceClient(context.ConnectSpeech().Invoker));
            for (var i = 0; i < paths.Length; i++)
            {
                await using var input = await AudioInput.OpenAsync(paths[i], raw, context.Cancellation);
                if (outputFormat == TranscriptFormat.Text && paths.Length > 1)
                {
                    System.Console.Out.WriteLine($"{(i > 0 ? "\n" : "")}==> {input.Name} <==");
                }
                var stream = parse.GetValue(streaming) || input.TotalBytes is null || input.TotalBytes > Transcriber.MaxRecognizeBytes;
                await TranscribeOneAsync(context, transcriber, input, config, stream, parse.GetValue(realtime), outputFormat);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task TranscribeOneAsync(
        CommandContext context, Transcriber transcriber, AudioInput input, RecognitionConfig config, bool stream, bool realtime,
        TranscriptFormat format)
    {
        var cancellation = context.Cancellation;
        var showProgress = context.Output.IsErrorTerminal && input.Duration >= LongInput;
        Transcript transcript;
        if (!stream)
        {
            transcript = showProgress
                ? await context.Output.Error.Status().StartAsync($"Transcribing {Markup.Escape(input.Name)}",
                    _ => transcriber.RecognizeAsync(input, config, cancellation))
                : await transcriber.RecognizeAsync(input, config, cancellation);
        }
        else if (showProgress)
        {
            transcript = await context.Output.Error.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask(Markup.Escape(input.Name), maxValue: input.TotalBytes!.Value);
                    return await transcriber.StreamAsync(input, config, realtime, sent => task.Value = sent, onFinal: null, cancellation);
                });
        }
        else
        {
            // Without a progress bar, text appears utterance by utterance as it is decoded (live input reads well).
            var live = format == TranscriptFormat.Text;
            transcript = await transcriber.StreamAsync(input, config, realtime, onSent: null,
                live ? segment => { if (segment.Text.Length > 0) { System.Console.Out.WriteLine(TranscriptWriter.Line(segment)); } } : null,
                cancellation);
            if (live)
            {
                return;
            }
        }
        System.Console.Out.Write(TranscriptWriter.Format(transcript, format));
    }
}
