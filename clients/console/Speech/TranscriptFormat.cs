using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Rehearse.Console.Speech;

/// <summary>The output formats of <c>rehearse transcribe</c>.</summary>
public enum TranscriptFormat
{
    /// <summary>One line per utterance.</summary>
    Text,

    /// <summary>One JSON object per input, on one line.</summary>
    Json,

    /// <summary>SubRip subtitles.</summary>
    Srt,

    /// <summary>WebVTT captions.</summary>
    Vtt,
}

/// <summary>Writes transcripts in each <see cref="TranscriptFormat"/>.</summary>
public static class TranscriptWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The text of one utterance as a line of <see cref="TranscriptFormat.Text"/> output.</summary>
    public static string Line(TranscriptSegment segment) => segment.Text;

    /// <summary>A whole transcript in <paramref name="format"/>.</summary>
    public static string Format(Transcript transcript, TranscriptFormat format) => format switch
    {
        TranscriptFormat.Text => string.Concat(transcript.Segments.Where(s => s.Text.Length > 0).Select(s => Line(s) + "\n")),
        TranscriptFormat.Json => Json(transcript) + "\n",
        TranscriptFormat.Srt => Subtitles(transcript, srt: true),
        TranscriptFormat.Vtt => Subtitles(transcript, srt: false),
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    private static string Json(Transcript transcript) => JsonSerializer.Serialize(new
    {
        file = transcript.Source,
        transcript = transcript.Text,
        duration_seconds = transcript.AudioDuration is { } d ? Math.Round(d.TotalSeconds, 3) : (double?)null,
        segments = transcript.Segments.Select(s => new
        {
            index = s.Index,
            start_seconds = Math.Round(s.Start.TotalSeconds, 3),
            end_seconds = Math.Round(s.End.TotalSeconds, 3),
            text = s.Text,
            confidence = Math.Round(s.Confidence, 3),
        }),
    }, JsonOptions);

    private static string Subtitles(Transcript transcript, bool srt)
    {
        var text = new StringBuilder();
        if (!srt)
        {
            text.Append("WEBVTT\n\n");
        }
        var number = 0;
        foreach (var segment in transcript.Segments.Where(s => s.Text.Length > 0))
        {
            number++;
            if (srt)
            {
                text.Append(number.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
            var end = segment.End > segment.Start ? segment.End : segment.Start + TimeSpan.FromMilliseconds(500);
            text.Append(Time(segment.Start, srt)).Append(" --> ").Append(Time(end, srt)).Append('\n')
                .Append(segment.Text).Append("\n\n");
        }
        return text.ToString();
    }

    private static string Time(TimeSpan time, bool srt) => string.Create(CultureInfo.InvariantCulture,
        $"{(int)time.TotalHours:00}:{time.Minutes:00}:{time.Seconds:00}{(srt ? ',' : '.')}{time.Milliseconds:000}");
}
