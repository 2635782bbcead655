namespace Rehearse.CodeRunner.Problems.Catalog;

// The file format as written (YAML or JSON): everything optional here so the validator can name what is missing.
internal sealed class ProblemDocument
{
    public string? Id { get; set; }

    public string? Title { get; set; }

    public string? Difficulty { get; set; }

    public List<string?>? Tags { get; set; }

    public string? Statement { get; set; }

    public EntryDocument? Function { get; set; }

    public EntryDocument? Class { get; set; }

    public string? Compare { get; set; }

    public Dictionary<string, string?>? StarterCode { get; set; }

    public List<TestDocument?>? Examples { get; set; }

    public List<TestDocument?>? Tests { get; set; }

    public ComplexityDocument? Complexity { get; set; }

    public List<string?>? Hints { get; set; }

    public List<ExplanationPointDocument?>? Explanation { get; set; }

    public string? TimeLimit { get; set; }
}

internal sealed class EntryDocument
{
    public string? Name { get; set; }

    public List<ParameterDocument?>? Params { get; set; }

    public string? Returns { get; set; }
}

internal sealed class ParameterDocument
{
    public string? Name { get; set; }

    public string? Type { get; set; }
}

internal sealed class TestDocument
{
    public string? Input { get; set; }

    public string? Expected { get; set; }

    public string? Explanation { get; set; }
}

internal sealed class ComplexityDocument
{
    public string? Time { get; set; }

    public string? Space { get; set; }
}

internal sealed class ExplanationPointDocument
{
    public string? Point { get; set; }

    public List<string?>? Keywords { get; set; }
}
