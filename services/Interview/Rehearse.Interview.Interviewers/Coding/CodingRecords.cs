using Rehearse.Interview.Interviewers.QuestionBanks;

namespace Rehearse.Interview.Interviewers.Coding;

/// <summary>
/// What an interviewer knows of a coding question's problem: the code runner's problem, reduced to what presenting,
/// hinting and scoring need. A planned question carries it (<see cref="PlannedQuestion.Coding"/>).
/// </summary>
/// <param name="ProblemId">The code runner's id, e.g. "two-sum".</param>
/// <param name="Title">The problem's title.</param>
/// <param name="Language">The language the candidate writes in, e.g. "Python".</param>
/// <param name="ExpectedTimeComplexity">The time complexity an optimal solution reaches, e.g. "O(n)".</param>
/// <param name="ExpectedSpaceComplexity">The extra space an optimal solution needs, e.g. "O(1)".</param>
/// <param name="Hints">Hints, gentlest first.</param>
/// <param name="ExplanationPoints">What a good spoken explanation covers, with the words that show it.</param>
/// <param name="ProblemJson">
/// The problem as the code runner returned it (protobuf JSON of <c>rehearse.coding.v1.Problem</c>), kept so the session
/// can present it without the runner; engines do not read it.
/// </param>
public sealed record CodingProblemBrief(
    string ProblemId,
    string Title,
    string Language,
    string ExpectedTimeComplexity,
    string ExpectedSpaceComplexity,
    IReadOnlyList<string> Hints,
    IReadOnlyList<KeyPoint> ExplanationPoints,
    string ProblemJson);

/// <summary>How a coding question went: the code and what the runs showed. A coding turn carries it (<see cref="AnsweredTurn.Coding"/>).</summary>
/// <param name="ProblemId">The problem's id.</param>
/// <param name="Title">The problem's title.</param>
/// <param name="Language">The language written in, e.g. "Python".</param>
/// <param name="FinalCode">The submitted code, or the code last run when it was not submitted.</param>
/// <param name="Submitted">True when the code was submitted (every test ran).</param>
/// <param name="TestsPassed">Tests the final code passed: every test after a submission, otherwise the last run's.</param>
/// <param name="TestCount">Tests the final run had.</param>
/// <param name="HiddenTestsPassed">Hidden tests passed (0 without a submission).</param>
/// <param name="HiddenTestCount">Hidden tests the problem has.</param>
/// <param name="RunCount">Runs before the submission.</param>
/// <param name="TimeToFirstPass">From the problem being presented to the first run that passed every test it ran; null when none did.</param>
/// <param name="HintsUsed">Hints given.</param>
/// <param name="FinalRunSummary">The final run in a line, e.g. "Wrong answer: 7 of 9 tests passed; test 3 expected [0,1] but got [1,0]."</param>
public sealed record CodingOutcome(
    string ProblemId,
    string Title,
    string Language,
    string FinalCode,
    bool Submitted,
    int TestsPassed,
    int TestCount,
    int HiddenTestsPassed,
    int HiddenTestCount,
    int RunCount,
    TimeSpan? TimeToFirstPass,
    int HintsUsed,
    string FinalRunSummary);

/// <summary>The coding part of an answer's assessment (<see cref="AnswerAssessment.Coding"/>).</summary>
/// <param name="StatedTimeComplexity">The time complexity the candidate stated, normalised ("O(n log n)"); null when none was heard.</param>
/// <param name="ExpectedTimeComplexity">The problem's expected time complexity.</param>
/// <param name="ComplexityMatches">True when the stated complexity is of the expected class.</param>
/// <param name="ExpectedSpaceComplexity">The problem's expected extra space.</param>
public sealed record CodingAssessment(string? StatedTimeComplexity, string ExpectedTimeComplexity, bool ComplexityMatches, string ExpectedSpaceComplexity = "");
