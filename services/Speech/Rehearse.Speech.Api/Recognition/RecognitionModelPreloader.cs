using Rehearse.Speech.Recognition.Engine;

namespace Rehearse.Speech.Api.Recognition;

/// <summary>
/// Loads and warms up the models named in <see cref="RecognitionOptions.PreloadModels"/> before the service starts
/// taking calls, so no caller pays for loading.
/// </summary>
internal sealed partial class RecognitionModelPreloader(SpeechRecognitionEngine engine, ILogger<RecognitionModelPreloader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timings = await Task.Run(() => engine.Preload(cancellationToken), cancellationToken).ConfigureAwait(false);
        foreach (var (model, elapsed) in timings)
        {
            LogLoaded(model, elapsed.TotalMilliseconds);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Recognition model {Model} loaded and warmed up in {ElapsedMs:0} ms")]
    private partial void LogLoaded(string model, double elapsedMs);
}
