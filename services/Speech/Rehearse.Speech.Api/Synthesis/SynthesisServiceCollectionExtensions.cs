namespace Rehearse.Speech.Api.Synthesis;

/// <summary>Registration of speech synthesis.</summary>
public static class SynthesisServiceCollectionExtensions
{
    /// <summary>Adds the synthesis endpoint and its engine.</summary>
    public static IHostApplicationBuilder AddSpeechSynthesis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SynthesisEndpoint>();
        return builder;
    }
}
