using Rehearse.Interview.Interviewers;
using Rehearse.Speech.Audio;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// What has been heard of the current answer: final transcript segments with times, voice activity, and the audio
/// itself as 16 kHz mono samples (stored when answer audio retention is on).
/// </summary>
internal sealed class AnswerCapture
{
    /// <summary>Sample rate of the kept audio.</summary>
    public const int SampleRate = 16_000;

    private readonly List<AnswerSegment> _segments = [];
    private readonly List<float> _samples = [];
    private readonly List<float> _decoded = [];
    private PcmDecoder? _decoder;
    private Resampler? _resampler;
    private long _bytes;

    /// <summary>Format of the audio, fixed by the answer's first chunk.</summary>
    public CandidateAudioFormat? Format { get; private set; }

    /// <summary>Audio received so far, as time.</summary>
    public TimeSpan AudioReceived => Format is { } format ? format.DurationOf(_bytes) : TimeSpan.Zero;

    /// <summary>Where the current recognition call started in the answer's audio (a call reopened after an outage starts later).</summary>
    public TimeSpan RecognitionBase { get; set; }

    /// <summary>The candidate is speaking now (between speech began and speech ended).</summary>
    public bool Speaking { get; set; }

    /// <summary>Any speech was heard in this answer.</summary>
    public bool HeardSpeech { get; set; }

    /// <summary>When in the answer's audio the last speech ended.</summary>
    public TimeSpan LastSpeechEnd { get; set; }

    /// <summary>When (wall clock) the last speech ended.</summary>
    public DateTimeOffset LastSpeechEndedAt { get; set; }

    /// <summary>Final segments so far.</summary>
    public IReadOnlyList<AnswerSegment> Segments => _segments;

    /// <summary>The final transcripts joined.</summary>
    public string Transcript => string.Join(' ', _segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));

    /// <summary>Index of the next segment within the answer.</summary>
    public int SegmentCount => _segments.Count;

    public void AddSegment(AnswerSegment segment) => _segments.Add(segment);

    /// <summary>Records a chunk of audio.</summary>
    public void AddAudio(ReadOnlySpan<byte> audio, CandidateAudioFormat format)
    {
        if (Format is null)
        {
            Format = format;
            _decoder = new PcmDecoder(new PcmFormat(format.Float32 ? SampleEncoding.Float32 : SampleEncoding.Linear16, format.SampleRateHertz, 1));
            _resampler = format.SampleRateHertz == SampleRate ? null : new Resampler(format.SampleRateHertz, SampleRate);
        }
        _bytes += audio.Length;
        _decoded.Clear();
        _decoder!.Decode(audio, _decoded);
        if (_resampler is null)
        {
            _samples.AddRange(_decoded);
        }
        else
        {
            _resampler.Process(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_decoded), _samples);
        }
    }

    /// <summary>The answer's audio as 16 kHz mono samples; empty for a typed answer.</summary>
    public float[] Samples()
    {
        if (_resampler is not null)
        {
            _resampler.Flush(_samples);
            _resampler = new Resampler(Format!.Value.SampleRateHertz, SampleRate);
        }
        return [.. _samples];
    }
}
