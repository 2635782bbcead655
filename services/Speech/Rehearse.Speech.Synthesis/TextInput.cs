namespace Rehearse.Speech.Synthesis;

/// <summary>One message of streamed text: a fragment, or a request to speak what has arrived so far.</summary>
/// <param name="Fragment">Text in any split (even mid-word); null for a flush.</param>
public readonly record struct TextInput(string? Fragment)
{
    /// <summary>Speak the text received so far even if its last sentence is unfinished.</summary>
    public static TextInput Flush => new(null);

    /// <summary>True for a flush.</summary>
    public bool IsFlush => Fragment is null;
}
