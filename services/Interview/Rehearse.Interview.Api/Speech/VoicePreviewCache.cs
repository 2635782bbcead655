using System.Collections.Concurrent;

namespace Rehearse.Interview.Api.Speech;

/// <summary>
/// The preview WAV of each voice, synthesized once: the preview text never changes, so repeating the synthesis
/// would only spend the Speech service. One entry per voice id the Speech service accepted; a failed synthesis
/// (unknown voice, outage) is evicted. Voices are few, but the Speech service also accepts raw speaker ids, so past
/// <see cref="MaxEntries"/> voices further previews are synthesized without being kept.
/// </summary>
public sealed class VoicePreviewCache(SpeechGateway speech)
{
    /// <summary>The words every preview says.</summary>
    public const string Text = "Hello! I'll be your interviewer today. Take your time, and think out loud.";

    /// <summary>Most voices kept.</summary>
    public const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> _previews = new(StringComparer.Ordinal);

    /// <summary>The preview WAV of <paramref name="voice"/>, from the cache or synthesized now.</summary>
    /// <exception cref="Grpc.Core.RpcException">As <see cref="SpeechGateway.SynthesizeWavAsync"/>.</exception>
    public async Task<byte[]> GetAsync(string voice, CancellationToken cancellationToken)
    {
        if (_previews.Count >= MaxEntries && !_previews.ContainsKey(voice))
        {
            return await speech.SynthesizeWavAsync(Text, voice, cancellationToken);
        }
        // The synthesis is shared by concurrent callers, so one caller's cancellation must not cancel it.
        var preview = _previews.GetOrAdd(voice, v => new Lazy<Task<byte[]>>(() => speech.SynthesizeWavAsync(Text, v, CancellationToken.None)));
        try
        {
            return await preview.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (preview.Value.IsFaulted || preview.Value.IsCanceled)
        {
            _previews.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(voice, preview));
            throw;
        }
    }
}
