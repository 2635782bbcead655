namespace Rehearse.Speech.Recognition.VoiceActivity;

/// <summary>
/// The speech probability of consecutive 32 ms frames of one stream. Keeps the model's recurrent state and the
/// 64 samples of context between frames. Not thread-safe: one per stream.
/// </summary>
public sealed class VoiceActivityDetector
{
    private readonly SileroVoiceActivityModel _model;
    private readonly float[] _input = new float[SileroVoiceActivityModel.ContextSamples + SileroVoiceActivityModel.FrameSamples];
    private readonly float[] _state = new float[SileroVoiceActivityModel.StateLength];
    private readonly long[] _sampleRate = [16_000];

    internal VoiceActivityDetector(SileroVoiceActivityModel model) => _model = model;

    /// <summary>The probability in [0, 1] that <paramref name="frame"/> (512 samples at 16 kHz) holds speech.</summary>
    public float Process(ReadOnlySpan<float> frame)
    {
        if (frame.Length != SileroVoiceActivityModel.FrameSamples)
        {
            throw new ArgumentException($"A frame has {SileroVoiceActivityModel.FrameSamples} samples, not {frame.Length}.", nameof(frame));
        }
        frame.CopyTo(_input.AsSpan(SileroVoiceActivityModel.ContextSamples));
        var probability = _model.Run(_input, _state, _sampleRate);
        // The last 64 samples sent become the next frame's context.
        _input.AsSpan(_input.Length - SileroVoiceActivityModel.ContextSamples).CopyTo(_input);
        return probability;
    }
}
