namespace Rehearse.Console.Connection;

/// <summary>Where the services are and how to talk to them, resolved once per invocation.</summary>
/// <param name="SpeechAddress">The Speech service address.</param>
/// <param name="InterviewAddress">The Interview service's native gRPC address.</param>
/// <param name="ExplicitApiKey">The key given by --api-key or REHEARSE_API_KEY, if any.</param>
/// <param name="SpeechKey">The Speech service's API key given by --speech-key or REHEARSE_SPEECH_KEY, if any.</param>
/// <param name="Json">Whether output is JSON.</param>
public sealed record ClientSettings(Uri SpeechAddress, Uri InterviewAddress, string? ExplicitApiKey, string? SpeechKey, bool Json);
