namespace Rehearse.Interview.Infrastructure.Entities;

/// <summary>One interview session with its set-up and where its conversation is.</summary>
internal sealed class SessionEntity
{
    public Guid Id { get; set; }

    public Guid UserId { get; set; }

    public required string Role { get; set; }

    public required string InterviewType { get; set; }

    public required string Difficulty { get; set; }

    public int QuestionCount { get; set; }

    public required string Voice { get; set; }

    public string? JobDescription { get; set; }

    public string? Resume { get; set; }

    public required string Engine { get; set; }

    public bool Spoken { get; set; }

    public TimeSpan AnswerTimeLimit { get; set; }

    /// <summary>The session's ceiling on the turn detector's wait; null for its patience setting's.</summary>
    public TimeSpan? EndOfAnswerSilence { get; set; }

    /// <summary>The patience setting (Relaxed, Normal or Brisk); sessions stored before it existed are Normal.</summary>
    public required string Patience { get; set; }

    /// <summary>Practice mode: feedback after each main question, with the choice to try it again.</summary>
    public bool Practice { get; set; }
    /// <summary>The language of coding questions (a rehearse.coding.v1 Language name); sessions stored before it existed are Python.</summary>
    public required string CodingLanguage { get; set; }

    /// <summary>How many main questions are coding problems, asked last.</summary>
    public int CodingQuestionCount { get; set; }

    public required string State { get; set; }

    public int QuestionIndex { get; set; }

    public int OverallScore { get; set; }

    public required string Title { get; set; }

    public long LastSequence { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public List<PlannedQuestionEntity> PlannedQuestions { get; set; } = [];

    public List<TurnEntity> Turns { get; set; } = [];
}
