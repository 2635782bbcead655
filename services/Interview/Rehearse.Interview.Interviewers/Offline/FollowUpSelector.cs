using Rehearse.Interview.Interviewers.Assessment;
using Rehearse.Interview.Interviewers.Hosting;
using Rehearse.Interview.Interviewers.Text;

namespace Rehearse.Interview.Interviewers.Offline;

/// <summary>
/// Chooses a follow-up from what the answers to the current question lack, most important gap first: too short,
/// missing key points, no example, no trade-off; for behavioral questions no result, no personal action, no
/// situation. Each gap is asked about once; a good answer gets no follow-up.
/// </summary>
internal sealed class FollowUpSelector(AnswerAssessor assessor, OfflineInterviewerOptions options)
{
    // Share of key points above which a technical answer with reasons or examples needs no follow-up.
    private const double StrongCoverage = 0.75;

    public string? Choose(InterviewProgress progress, AssessableQuestion question, int seed)
    {
        var last = progress.Turns[^1];
        if (last.Skipped || string.IsNullOrWhiteSpace(last.Answer))
        {
            return null;
        }

        var thread = progress.Turns.Where(t => t.QuestionIndex == last.QuestionIndex).ToArray();
        var asked = thread.Where(t => t.Kind == MoveKind.FollowUp).Select(t => t.Question).ToHashSet(StringComparer.Ordinal);
        if (asked.Count >= options.MaxFollowUpsPerQuestion)
        {
            return null;
        }

        var features = AnswerFeatures.Measure(AnswerAssessor.ThreadText(progress, last), question.KeyPoints);
        var lastWords = TextTokens.Words(last.Answer).Count;
        if (question.Kind != InterviewKind.Behavioral && lastWords >= assessor.ShortAnswerWords
            && features.Coverage >= StrongCoverage && (features.HasExample || features.HasTradeOff || features.HasReasoning))
        {
            // A strong technical answer: probing it further would feel like box-ticking.
            return null;
        }

        return Candidates(question, features, lastWords, seed + progress.Turns.Count)
            .FirstOrDefault(text => !asked.Contains(text));
    }

    private IEnumerable<string> Candidates(AssessableQuestion question, AnswerFeatures features, int lastWords, int variant)
    {
        if (lastWords < assessor.ShortAnswerWords)
        {
            yield return Pick(variant,
                question.Kind == InterviewKind.Behavioral
                    ? "Could you walk me through that in more detail? What exactly happened, and what did you do?"
                    : "Could you go a bit deeper on that? Walk me through how it works.",
                "Can you expand on that a little? I'd like to hear more detail.");
        }

        if (question.Kind == InterviewKind.Behavioral)
        {
            if (!features.Star.Result || !features.HasMetric)
            {
                yield return Pick(variant,
                    "What was the result in the end? If you can, put a number on the impact.",
                    "How did it turn out, and how did you measure whether it worked?");
            }

            if (!features.Star.Action || !features.SpeaksInFirstPerson)
            {
                yield return Pick(variant,
                    "What did you personally do, step by step?",
                    "What was your own part in that, as opposed to the team's?");
            }

            if (!features.Star.Situation)
            {
                yield return "Can you set the scene first: where was this, and what was at stake?";
            }

            yield break;
        }

        var missedFollowUp = features.Coverage < 0.5 ? MissedPointFollowUp(question, features) : null;
        if (question.Kind == InterviewKind.SystemDesign)
        {
            if (missedFollowUp is not null)
            {
                yield return missedFollowUp;
            }

            if (!features.HasTradeOff)
            {
                yield return Pick(variant,
                    "What are the main trade-offs in that design, and what would make you choose differently?",
                    "Where would this design struggle first, and what would you trade to fix it?");
            }

            yield break;
        }

        if (missedFollowUp is not null)
        {
            yield return missedFollowUp;
        }

        if (!features.HasExample)
        {
            yield return Pick(variant,
                "Can you give me a concrete example from a project you worked on?",
                "Have you run into this in practice? Tell me about a specific case.");
        }

        if (!features.HasTradeOff)
        {
            yield return Pick(variant,
                "What are the trade-offs of that approach, and when would you choose something else?",
                "What's the downside of doing it that way?");
        }
    }

    // A bank follow-up that mentions a missed key point, else the bank's first follow-up, else one about the point.
    private static string? MissedPointFollowUp(AssessableQuestion question, AnswerFeatures features)
    {
        foreach (var missed in features.Missed)
        {
            var related = question.FollowUps.FirstOrDefault(f =>
                AnswerFeatures.Mentions(TextTokens.Stems(f), missed));
            if (related is not null)
            {
                return related;
            }
        }

        if (question.FollowUps.Count > 0)
        {
            return question.FollowUps[0];
        }

        return features.Missed.Count > 0
            ? $"How does this relate to {LowerFirst(features.Missed[0].Point.TrimEnd('.'))}?"
            : null;
    }

    private static string LowerFirst(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;

    private static string Pick(int variant, string first, string second) => (variant & 1) == 0 ? first : second;
}

