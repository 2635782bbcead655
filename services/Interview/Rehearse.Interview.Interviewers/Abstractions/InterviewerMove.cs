namespace Rehearse.Interview.Interviewers;

/// <summary>The purpose of something the interviewer says.</summary>
public enum MoveKind
{
    /// <summary>Greeting and introduction.</summary>
    Greeting,

    /// <summary>A main question.</summary>
    Question,

    /// <summary>A follow-up to the previous answer.</summary>
    FollowUp,

    /// <summary>A short acknowledgement or transition; the caller speaks it and asks for the next move.</summary>
    Acknowledgement,

    /// <summary>The closing words; the interview is over.</summary>
    Closing,
}

/// <summary>Something the interviewer says.</summary>
/// <param name="Kind">The purpose.</param>
/// <param name="QuestionIndex">Zero-based index of the main question it belongs to (the plan's count for the closing).</param>
/// <param name="Text">
/// The text as fragments in order, produced as the engine writes them (the offline engine yields the whole text at
/// once), so speech can start at the first sentence. Enumerate it once.
/// </param>
public sealed record InterviewerMove(MoveKind Kind, int QuestionIndex, IAsyncEnumerable<string> Text)
{
    /// <summary>A move whose text is known in full.</summary>
    public static InterviewerMove Complete(MoveKind kind, int questionIndex, string text) =>
        new(kind, questionIndex, TextFragments.Single(text));

    /// <summary>Reads the whole text of a move (for callers that do not stream).</summary>
    public async Task<string> ReadAllTextAsync(CancellationToken cancellationToken)
    {
        var builder = new System.Text.StringBuilder();
        await foreach (var fragment in Text.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            builder.Append(fragment);
        }

        return builder.ToString();
    }
}

/// <summary>Helpers for fragment streams.</summary>
public static class TextFragments
{
    /// <summary>A text as a stream of one fragment.</summary>
    public static async IAsyncEnumerable<string> Single(string text)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield return text;
    }
}
