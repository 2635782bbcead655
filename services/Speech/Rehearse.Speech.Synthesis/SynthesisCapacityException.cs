namespace Rehearse.Speech.Synthesis;

/// <summary>
/// The synthesizer already serves as many streams as it is configured for. Hosts report it as
/// <c>RESOURCE_EXHAUSTED</c>; the client may retry later.
/// </summary>
public sealed class SynthesisCapacityException(string message) : Exception(message);
