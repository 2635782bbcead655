namespace Rehearse.Interview.Interviewers.QuestionBanks;

/// <summary>One problem in a question bank file.</summary>
/// <param name="File">The file (its name for built-in banks, its path for user banks).</param>
/// <param name="QuestionId">The question's id, when the problem is in a question (or its position when it has none).</param>
/// <param name="Problem">What is wrong, naming the field and the rule.</param>
public sealed record QuestionBankError(string File, string? QuestionId, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() =>
        QuestionId is null ? $"{File}: {Problem}" : $"{File}: question '{QuestionId}': {Problem}";
}

/// <summary>Question bank files that are not valid; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class QuestionBankException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public QuestionBankException(IReadOnlyList<QuestionBankError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message (no itemised problems).</summary>
    public QuestionBankException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public QuestionBankException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception without detail.</summary>
    public QuestionBankException()
        : this("The question banks are not valid.")
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<QuestionBankError> Errors { get; }

    private static string Describe(IReadOnlyList<QuestionBankError> errors) =>
        $"Invalid question bank ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
