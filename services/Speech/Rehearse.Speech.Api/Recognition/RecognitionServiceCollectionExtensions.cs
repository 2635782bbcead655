namespace Rehearse.Speech.Api.Recognition;

/// <summary>Registration of speech recognition.</summary>
public static class RecognitionServiceCollectionExtensions
{
    /// <summary>Adds the recognition endpoint and its engine.</summary>
    public static IHostApplicationBuilder AddSpeechRecognition(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<RecognitionEndpoint>();
        return builder;
    }
}
