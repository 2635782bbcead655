using Google.Protobuf.WellKnownTypes;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.Interviewers.Coding;
using Rehearse.Interview.V1;
using InterviewerScores = Rehearse.Interview.Interviewers.AnswerScores;
using InterviewerStar = Rehearse.Interview.Interviewers.StarCoverage;
using InterviewerAnalytics = Rehearse.Interview.Interviewers.SpeechAnalytics;
using InterviewerKeywords = Rehearse.Interview.Interviewers.KeywordCoverage;
using InterviewerRelevance = Rehearse.Interview.Interviewers.Relevance;
using ProtoScores = Rehearse.Interview.V1.AnswerScores;
using ProtoAnalytics = Rehearse.Interview.V1.SpeechAnalytics;

namespace Rehearse.Interview.Core.Contracts;

/// <summary>Translations between the interviewer library's records and the contract's messages.</summary>
public static class ProtoMapping
{
    public static InterviewKind ToKind(InterviewType type) => type switch
    {
        InterviewType.Behavioral => InterviewKind.Behavioral,
        InterviewType.SystemDesign => InterviewKind.SystemDesign,
        _ => InterviewKind.Technical,
    };

    public static InterviewType ToProto(InterviewKind kind) => kind switch
    {
        InterviewKind.Behavioral => InterviewType.Behavioral,
        InterviewKind.SystemDesign => InterviewType.SystemDesign,
        _ => InterviewType.Technical,
    };

    public static DifficultyLevel ToLevel(Difficulty difficulty) => difficulty switch
    {
        Difficulty.Easy => DifficultyLevel.Easy,
        Difficulty.Hard => DifficultyLevel.Hard,
        _ => DifficultyLevel.Medium,
    };

    public static InterviewerEngineKind ToEngineKind(InterviewerEngine engine) => engine switch
    {
        InterviewerEngine.Gemini => InterviewerEngineKind.Gemini,
        InterviewerEngine.OpenaiCompatible => InterviewerEngineKind.OpenAiCompatible,
        _ => InterviewerEngineKind.Offline,
    };

    public static InterviewerEngine ToProto(InterviewerEngineKind engine) => engine switch
    {
        InterviewerEngineKind.Gemini => InterviewerEngine.Gemini,
        InterviewerEngineKind.OpenAiCompatible => InterviewerEngine.OpenaiCompatible,
        _ => InterviewerEngine.Offline,
    };

    public static UtteranceKind ToUtteranceKind(MoveKind kind) => kind switch
    {
        MoveKind.Greeting => UtteranceKind.Greeting,
        MoveKind.Question => UtteranceKind.Question,
        MoveKind.FollowUp => UtteranceKind.FollowUp,
        MoveKind.Acknowledgement => UtteranceKind.Acknowledgement,
        _ => UtteranceKind.Closing,
    };

    public static InterviewSetup ToSetup(SessionSettings settings) => new(
        settings.Role,
        ToKind(settings.InterviewType),
        ToLevel(settings.Difficulty),
        settings.QuestionCount,
        settings.JobDescription,
        settings.Resume)
    {
        CodingQuestionCount = settings.CodingQuestionCount,
    };

    public static SessionConfig ToProto(SessionSettings settings)
    {
        var config = new SessionConfig
        {
            Role = settings.Role,
            InterviewType = settings.InterviewType,
            Difficulty = settings.Difficulty,
            QuestionCount = settings.QuestionCount,
            Voice = settings.Voice,
            Engine = settings.Engine,
            Spoken = settings.Spoken,
            AnswerTimeLimit = Duration.FromTimeSpan(settings.AnswerTimeLimit),
            EndOfAnswerSilence = settings.EndOfAnswerSilence is { } silence ? Duration.FromTimeSpan(silence) : null,
            Patience = settings.Patience,
            Practice = settings.Practice,
            CodingLanguage = settings.CodingQuestionCount > 0 ? settings.CodingLanguage : Rehearse.Coding.V1.Language.Unspecified,
            CodingQuestionCount = settings.InterviewType == InterviewType.Coding ? 0 : settings.CodingQuestionCount,
        };
        if (settings.JobDescription is { } jobDescription)
        {
            config.JobDescription = new Document { Text = jobDescription };
        }
        if (settings.Resume is { } resume)
        {
            config.Resume = new Document { Text = resume };
        }
        return config;
    }

    public static Session ToProto(SessionSummary summary) => new()
    {
        Id = summary.Id.ToString(),
        Config = ToProto(summary.Settings),
        State = summary.State,
        CreateTime = Timestamp.FromDateTimeOffset(summary.CreatedAt),
        UpdateTime = Timestamp.FromDateTimeOffset(summary.UpdatedAt),
        EndTime = summary.EndedAt is { } ended ? Timestamp.FromDateTimeOffset(ended) : null,
        QuestionIndex = summary.QuestionIndex,
        QuestionCount = summary.Settings.QuestionCount,
        OverallScore = summary.OverallScore,
        Title = summary.Title,
        LastSequence = summary.LastSequence,
    };

    public static Notice ToProto(InterviewerNotice notice) => new()
    {
        Level = notice.Level switch
        {
            InterviewerNoticeLevel.Info => NoticeLevel.Info,
            InterviewerNoticeLevel.Warning => NoticeLevel.Warning,
            _ => NoticeLevel.Error,
        },
        Code = notice.Code,
        Message = notice.Message,
    };

    public static Turn ToProto(StoredTurn stored)
    {
        var turn = stored.Turn;
        return new Turn
        {
            Index = turn.Index,
            Kind = turn.Kind == MoveKind.FollowUp ? TurnKind.FollowUp : TurnKind.Question,
            QuestionIndex = turn.QuestionIndex,
            Question = turn.Question,
            Answer = turn.Answer,
            Typed = turn.Typed,
            Skipped = turn.Skipped,
            AskedTime = Timestamp.FromDateTimeOffset(stored.AskedAt),
            AnsweredTime = Timestamp.FromDateTimeOffset(stored.AnsweredAt),
            Scores = stored.Assessment is { } assessment ? ToProto(assessment.Scores) : null,
            Analytics = turn.Analytics is { } analytics ? ToProto(analytics) : null,
            Attempt = turn.Attempt,
            Coding = stored.Coding,
        };
    }

    public static ProtoScores ToProto(InterviewerScores scores) => new()
    {
        TechnicalDepth = new V1.ScoredDimension { Score = scores.TechnicalDepth.Score, Reason = scores.TechnicalDepth.Reason },
        Communication = new V1.ScoredDimension { Score = scores.Communication.Score, Reason = scores.Communication.Reason },
        ProblemSolving = new V1.ScoredDimension { Score = scores.ProblemSolving.Score, Reason = scores.ProblemSolving.Reason },
        Overall = scores.Overall,
    };

    public static ProtoAnalytics ToProto(InterviewerAnalytics analytics)
    {
        var proto = new ProtoAnalytics
        {
            WordCount = analytics.WordCount,
            WordsPerMinute = (float)analytics.WordsPerMinute,
            FillersPer100Words = (float)analytics.FillersPer100Words,
            LongPauseCount = analytics.LongPauseCount,
            LongestPause = Duration.FromTimeSpan(analytics.LongestPause),
            SpeakingDuration = Duration.FromTimeSpan(analytics.SpeakingDuration),
            AnswerDuration = Duration.FromTimeSpan(analytics.AnswerDuration),
            AudioHesitationCount = analytics.AudioHesitationCount,
        };
        proto.Fillers.AddRange(analytics.Fillers.Select(f => new V1.FillerCount { Filler = f.Filler, Count = f.Count }));
        return proto;
    }

    public static Report ToProto(Guid sessionId, InterviewReport report, IReadOnlyList<StoredTurn> turns)
    {
        var proto = new Report
        {
            SessionId = sessionId.ToString(),
            CreateTime = Timestamp.FromDateTimeOffset(report.CreatedAt),
            Scores = ToProto(report.Scores),
            Summary = report.Summary,
            Analytics = report.Analytics is { } analytics ? ToProto(analytics) : null,
            KeywordCoverage = report.KeywordCoverage is { } keywords ? ToProto(keywords) : null,
            Engine = ToProto(report.Engine),
        };
        proto.Strengths.AddRange(report.Strengths);
        proto.Improvements.AddRange(report.Improvements);
        proto.Notes.AddRange(report.Notes);
        proto.ScoringMethod = report.ScoringMethod ?? "";
        proto.QuestionScores.AddRange((report.Questions ?? []).Select(q => new V1.QuestionScore
        {
            QuestionIndex = q.QuestionIndex,
            Question = q.Question,
            Scores = ToProto(q.Scores),
            PossiblyOffTopic = q.PossiblyOffTopic,
            Explanation = q.Explanation,
            Attempts = { (q.Attempts ?? []).Select(ToProto) },
        }));
        foreach (var feedback in report.Turns)
        {
            var stored = turns.FirstOrDefault(t => t.Turn.Index == feedback.Turn.Index)
                ?? new StoredTurn(feedback.Turn, report.CreatedAt, report.CreatedAt, AnswerEndReason.Unspecified, feedback.Assessment);
            var turn = ToProto(stored with { Assessment = feedback.Assessment });
            var item = new V1.TurnFeedback
            {
                Turn = turn,
                Star = feedback.Assessment.Star is { } star ? ToProto(star) : null,
                ExampleAnswer = feedback.Assessment.ExampleAnswer,
                Relevance = feedback.Assessment.Relevance is { Reason.Length: > 0 } relevance ? ToProto(relevance) : null,
            };
            item.MentionedPoints.AddRange(feedback.Assessment.MentionedPoints ?? []);
            item.CoveredPoints.AddRange(feedback.Assessment.CoveredPoints);
            item.MissedPoints.AddRange(feedback.Assessment.MissedPoints);
            item.Strengths.AddRange(feedback.Assessment.Strengths);
            item.Improvements.AddRange(feedback.Assessment.Improvements);
            if (feedback.Turn.Coding is { } outcome)
            {
                // The complexity may be stated in the follow-up: the question's latest judgement of it counts.
                var judged = report.Turns.LastOrDefault(f => f.Turn.QuestionIndex == feedback.Turn.QuestionIndex && f.Assessment.Coding is not null)?.Assessment.Coding;
                item.Coding = ToProto(outcome, judged, stored.Coding);
            }
            proto.Turns.Add(item);
        }
        return proto;
    }

    private static V1.QuestionAttempt ToProto(Interviewers.QuestionAttempt attempt) => new()
    {
        Attempt = attempt.Attempt,
        Scores = ToProto(attempt.Scores),
        TurnIndexes = { attempt.TurnIndexes },
    };
    private static CodingFeedback ToProto(CodingOutcome outcome, CodingAssessment? judged, CodingTask? task)
    {
        var feedback = new CodingFeedback
        {
            ProblemId = outcome.ProblemId,
            ProblemTitle = outcome.Title,
            Language = task?.Language ?? Rehearse.Coding.V1.Language.Unspecified,
            FinalCode = outcome.FinalCode,
            Submitted = outcome.Submitted,
            TestsPassed = outcome.TestsPassed,
            TestCount = outcome.TestCount,
            HiddenTestsPassed = outcome.HiddenTestsPassed,
            HiddenTestCount = outcome.HiddenTestCount,
            RunCount = outcome.RunCount,
            TimeToFirstPass = outcome.TimeToFirstPass is { } first ? Duration.FromTimeSpan(first) : null,
            HintsUsed = outcome.HintsUsed,
            StatedTimeComplexity = judged?.StatedTimeComplexity ?? "",
            ExpectedTimeComplexity = judged?.ExpectedTimeComplexity ?? "",
            ComplexityMatches = judged?.ComplexityMatches ?? false,
            ExpectedSpaceComplexity = judged?.ExpectedSpaceComplexity ?? "",
        };
        if (task?.SubmissionResult is { } result)
        {
            feedback.TestResults.AddRange(result.TestResults);
        }
        return feedback;
    }

    private static V1.Relevance ToProto(InterviewerRelevance relevance)
    {
        var proto = new V1.Relevance
        {
            PossiblyOffTopic = relevance.PossiblyOffTopic,
            OnTopicShare = (float)relevance.OnTopicShare,
            Reason = relevance.Reason,
        };
        proto.TopicWordsUsed.AddRange(relevance.TopicWordsUsed);
        return proto;
    }

    private static V1.StarCoverage ToProto(InterviewerStar star) =>
        new() { Situation = star.Situation, Task = star.Task, Action = star.Action, Result = star.Result };

    private static V1.KeywordCoverage ToProto(InterviewerKeywords keywords)
    {
        var proto = new V1.KeywordCoverage { Ratio = (float)keywords.Ratio };
        proto.Covered.AddRange(keywords.Covered);
        proto.Missing.AddRange(keywords.Missing);
        return proto;
    }
}
