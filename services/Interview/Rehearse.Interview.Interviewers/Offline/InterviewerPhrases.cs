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

    public static string Greeting(InterviewSetup setup, string roleName, int questionCount)
    {
        var kind = setup.Kind switch
        {
            InterviewKind.Behavioral => "a behavioral interview: I'll ask about situations you've handled, so concrete examples with the outcome work best",
            InterviewKind.SystemDesign => "a system design interview: think out loud, state your assumptions, and talk about the trade-offs",
            _ => "a technical interview: explain your reasoning as you go, and examples from your own work are welcome",
        };
        var count = questionCount == 1 ? "one main question" : $"{questionCount} main questions";
        return $"Hi, thanks for joining. This is a mock interview for a {roleName} position. It's {kind}. "
            + $"I have {count}, and I may ask a follow-up or two. Take a moment to think before you answer if you need it. Let's begin.";
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
