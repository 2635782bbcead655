using Microsoft.ML.OnnxRuntime;
using Rehearse.Speech.Onnx;

namespace Rehearse.Speech.Recognition.VoiceActivity;

/// <summary>
/// Silero VAD v6.2: the probability that a 32 ms frame of 16 kHz audio holds speech. One session serves every
/// stream; each stream keeps its own recurrent state in a <see cref="VoiceActivityDetector"/>.
/// </summary>
public sealed class SileroVoiceActivityModel : IDisposable
{
    /// <summary>New samples per frame (32 ms at 16 kHz).</summary>
    public const int FrameSamples = 512;

    /// <summary>Samples of the previous frame the model sees before each new frame.</summary>
    internal const int ContextSamples = 64;

    internal const int StateLength = 2 * 1 * 128;

    private static readonly long[] InputShape = [1, ContextSamples + FrameSamples];
    private static readonly long[] StateShape = [2, 1, 128];
    private static readonly string[] InputNames = ["input", "state", "sr"];
    private static readonly string[] OutputNames = ["output", "stateN"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();

    private SileroVoiceActivityModel(InferenceSession session) => _session = session;

    /// <summary>Loads <c>silero_vad.onnx</c>.</summary>
    public static SileroVoiceActivityModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The voice activity model '{path}' is missing. Fetch the models with scripts/lib/models.sh.", path);
        }
        // The model is tiny (≈0.1 ms a frame): one thread, so it never competes with a decoder for the cores.
        using var options = new OnnxSessionSettings(IntraOpThreads: 1).CreateSessionOptions();
        return new SileroVoiceActivityModel(new InferenceSession(path, options));
    }

    /// <summary>A detector with fresh state, for one stream.</summary>
    public VoiceActivityDetector CreateDetector() => new(this);

    /// <summary>Runs one frame: <paramref name="input"/> is context + new samples; <paramref name="state"/> is updated in place.</summary>
    internal float Run(float[] input, float[] state, long[] sampleRate)
    {
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input, InputShape);
        using var stateValue = OrtValue.CreateTensorValueFromMemory(state, StateShape);
        using var rateValue = OrtValue.CreateTensorValueFromMemory(sampleRate, []);
        using var outputs = _session.Run(_runOptions, InputNames, [inputValue, stateValue, rateValue], OutputNames);
        outputs[1].GetTensorDataAsSpan<float>().CopyTo(state);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
