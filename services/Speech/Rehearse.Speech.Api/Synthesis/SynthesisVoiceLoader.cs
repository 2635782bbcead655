using Rehearse.Speech.Synthesis;

namespace Rehearse.Speech.Api.Synthesis;

/// <summary>
/// Loads the voice packs, starts the espeak-ng pool and warms every model up before the service takes calls, so
/// no caller pays for it and a broken voice configuration stops the start with a clear message.
/// </summary>
internal sealed partial class SynthesisVoiceLoader(IServiceProvider services, ILogger<SynthesisVoiceLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var engine = await Task.Run(services.GetRequiredService<SpeechSynthesizer>, cancellationToken).ConfigureAwait(false);
        LogLoaded(engine.Voices.Voices.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Speech synthesis ready with {Voices} curated voices in {ElapsedMs:0} ms")]
    private partial void LogLoaded(int voices, double elapsedMs);
}
