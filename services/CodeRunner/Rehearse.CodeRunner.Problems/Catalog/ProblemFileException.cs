namespace Rehearse.CodeRunner.Problems.Catalog;

/// <summary>One problem in a problem file.</summary>
/// <param name="File">The file (its name for built-in problems, its path for user problems).</param>
/// <param name="Problem">What is wrong, naming the field and the rule.</param>
public sealed record ProblemFileError(string File, string Problem)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}: {Problem}";
}

/// <summary>Problem files that are not valid; <see cref="Exception.Message"/> lists every problem.</summary>
public sealed class ProblemFileException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ProblemFileException(IReadOnlyList<ProblemFileError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a message (no itemised problems).</summary>
    public ProblemFileException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public ProblemFileException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception without detail.</summary>
    public ProblemFileException()
        : this("The problem files are not valid.")
    {
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ProblemFileError> Errors { get; }

    private static string Describe(IReadOnlyList<ProblemFileError> errors) =>
        $"Invalid problem file ({errors.Count} problem{(errors.Count == 1 ? "" : "s")}):{Environment.NewLine}"
        + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
