namespace Rehearse.Interview.Interviewers.Offline;

/// <summary>What the interviewer says around the questions. Choices vary by turn but are stable for a seed.</summary>
internal static class InterviewerPhrases
{
    private static readonly string[] Acknowledgements =
    [
        "Thank you, that's helpful.",
        "Got it, thanks.",
        "Okay, thanks for walking me through that.",
        "Thanks. That gives me a good picture.",
        "Understood, thank you.",
        "Great, thanks for the detail.",
        "Alright, thank you.",
    ];

    private static readonly string[] SkipAcknowledgements =
    [
        "No problem, let's move on.",
        "That's fine, we can skip that one.",
        "Sure, let's try a different question.",
    ];

    private static readonly string[] NextQuestionLeads =
    [
        "Next question.",
        "Let's move on.",
        "Here's the next one.",
        "Moving on.",
        "On to the next question.",
    ];

    // One short sentence: the set-up page has already said what the interview is, and every second of greeting is
    // a second of waiting for the first question.
    public static string Greeting(InterviewSetup setup, string roleName, int questionCount)
    {
        var kind = setup.CodingQuestionCount >= questionCount && questionCount > 0
            ? "coding"
            : setup.Kind switch
            {
                InterviewKind.Behavioral => "behavioral",
                InterviewKind.SystemDesign => "system design",
                _ => "technical",
            };
        var count = questionCount == 1 ? "one question" : $"{questionCount} questions";
        return $"Hi, this is your {kind} interview for the {roleName} role: {count}, let's begin.";
    }

    public static string Acknowledgement(int seed, int turnCount, bool skipped) =>
        Pick(skipped ? SkipAcknowledgements : Acknowledgements, seed, turnCount);

    public static string QuestionLead(int seed, int questionIndex, int questionCount) =>
        questionIndex == questionCount - 1 && questionCount > 1
            ? "Last question."
            : Pick(NextQuestionLeads, seed, questionIndex);

    public static string Closing(int answered) =>
        answered == 0
            ? "That's the end of our time. Thanks for joining; your report will show what to work on."
            : "That's all my questions. Thank you for your time, you've given me a lot to go on. "
              + "Your feedback report will be ready in a moment, with scores, what went well and what to improve.";

    // Steps through the list from a seed-dependent start, so consecutive turns never repeat a phrase.
    private static string Pick(string[] phrases, int seed, int index) =>
        phrases[(int)(((uint)seed + (uint)index) % (uint)phrases.Length)];
}
