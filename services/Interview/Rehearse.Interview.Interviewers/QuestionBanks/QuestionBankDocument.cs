namespace Rehearse.Interview.Interviewers.QuestionBanks;

// The file format as written (YAML or JSON): everything optional here so the validator can name what is missing.
internal sealed class QuestionBankDocument
{
    public string? Role { get; set; }

    public string? DisplayName { get; set; }

    public List<QuestionDocument?>? Questions { get; set; }
}

internal sealed class QuestionDocument
{
    public string? Id { get; set; }

    public string? Type { get; set; }

    public string? Difficulty { get; set; }

    public string? Text { get; set; }

    public List<string?>? Tags { get; set; }

    public List<KeyPointDocument?>? KeyPoints { get; set; }

    public List<string?>? FollowUps { get; set; }

    public string? ExampleAnswer { get; set; }
}

internal sealed class KeyPointDocument
{
    public string? Point { get; set; }

    public List<string?>? Keywords { get; set; }
}
