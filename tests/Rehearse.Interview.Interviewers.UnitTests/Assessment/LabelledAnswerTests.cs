using System.Globalization;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Rehearse.Interview.Interviewers.UnitTests.Assessment;

/// <summary>
/// The labelled answers (LabelledAnswers.yaml) scored by the built-in scorer: an answer agrees with its label when
/// its overall score is in the label's band and it is flagged possibly off-topic exactly when labelled off-topic.
/// Every tuning answer must agree; the held-out answers, never used to tune, report their agreement.
/// </summary>
public sealed class LabelledAnswerTests(ITestOutputHelper output)
{
    /// <summary>Least share of the held-out answers that must agree with their labels.</summary>
    private const double HeldOutAgreementFloor = 0.8;

    private static readonly LabelledSet Set = LabelledSet.Load();

    public static TheoryData<string> TuningAnswers() => [.. Set.Answers.Where(a => !a.HeldOut).Select(a => a.Id)];

    [Theory]
    [MemberData(nameof(TuningAnswers))]
    public async Task Every_tuning_answer_agrees_with_its_label(string id)
    {
        var verdict = await JudgeAsync(Set.Answers.Single(a => a.Id == id));

        output.WriteLine(verdict.Describe());
        Assert.True(verdict.Agrees, verdict.Describe());
    }

    [Fact]
    public async Task Held_out_answers_agree_with_their_labels()
    {
        var heldOut = Set.Answers.Where(a => a.HeldOut).ToArray();
        var verdicts = new List<Verdict>();
        foreach (var answer in heldOut)
        {
            verdicts.Add(await JudgeAsync(answer));
        }

        var agreement = (double)verdicts.Count(v => v.Agrees) / verdicts.Count;
        foreach (var verdict in verdicts)
        {
            output.WriteLine(verdict.Describe());
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held out: {verdicts.Count(v => v.Agrees)} of {verdicts.Count} agree ({agreement:P0})"));
        Assert.True(agreement >= HeldOutAgreementFloor, string.Join(Environment.NewLine, verdicts.Where(v => !v.Agrees).Select(v => v.Describe())));
    }

    [Fact]
    public void Every_interview_type_has_every_label_and_a_held_out_part()
    {
        foreach (var kind in new[] { InterviewKind.Technical, InterviewKind.Behavioral, InterviewKind.SystemDesign })
        {
            var ofKind = Set.Answers.Where(a => Interviewers.Catalog.FindQuestion(a.Question)!.Kind == kind).ToArray();
            Assert.Equal(Set.Bands.Keys.Order(), ofKind.Select(a => a.Label).Distinct().Order());
            Assert.True(ofKind.Count(a => a.HeldOut) >= 3, $"{kind}: {ofKind.Count(a => a.HeldOut)} held out");
            Assert.True(ofKind.Count(a => !a.HeldOut) >= 6, $"{kind}: {ofKind.Count(a => !a.HeldOut)} for tuning");
        }

        Assert.Equal(Set.Answers.Count, Set.Answers.Select(a => a.Id).Distinct().Count());
    }

    private static async Task<Verdict> JudgeAsync(LabelledAnswer answer)
    {
        var question = Interviewers.Catalog.FindQuestion(answer.Question)
            ?? throw new InvalidOperationException($"{answer.Id}: no question '{answer.Question}' in the banks");
        var progress = new InterviewProgress(new InterviewSetup(question.Role, question.Kind, question.Difficulty, 1, null, null), [question.ToPlanned()], []);
        var turn = Interviewers.Answer(progress, answer.Answer.Trim());
        var assessment = await Interviewers.Offline().AssessAsync(progress.With(turn), turn, TestContext.Current.CancellationToken);
        var band = Set.Bands[answer.Label];
        var offTopic = assessment.Relevance?.PossiblyOffTopic == true;
        var agrees = assessment.Scores.Overall >= band[0] && assessment.Scores.Overall <= band[1] && offTopic == (answer.Label == "off-topic");
        return new Verdict(answer, assessment.Scores, offTopic, band, agrees);
    }

    private sealed record Verdict(LabelledAnswer Answer, AnswerScores Scores, bool OffTopic, int[] Band, bool Agrees)
    {
        public string Describe() =>
            $"{(Agrees ? "agrees" : "DISAGREES")} {Answer.Id}: {Answer.Label} [{Band[0]}-{Band[1]}], scored {Scores.Overall} "
            + $"(depth {Scores.TechnicalDepth.Score}, communication {Scores.Communication.Score}, problem solving {Scores.ProblemSolving.Score})"
            + (OffTopic ? ", flagged possibly off-topic" : "");
    }

    internal sealed class LabelledAnswer
    {
        public string Id { get; set; } = "";

        public string Question { get; set; } = "";

        public string Label { get; set; } = "";

        public bool HeldOut { get; set; }

        public string Answer { get; set; } = "";
    }

    internal sealed class LabelledSet
    {
        public Dictionary<string, int[]> Bands { get; set; } = [];

        public List<LabelledAnswer> Answers { get; set; } = [];

        public static LabelledSet Load()
        {
            var path = Path.Combine(AppContext.BaseDirectory, "Assessment", "LabelledAnswers.yaml");
            var set = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build()
                .Deserialize<LabelledSet>(File.ReadAllText(path));
            foreach (var answer in set.Answers.Where(a => !set.Bands.ContainsKey(a.Label)))
            {
                throw new InvalidDataException($"{answer.Id}: label '{answer.Label}' has no band");
            }

            return set;
        }
    }
}
