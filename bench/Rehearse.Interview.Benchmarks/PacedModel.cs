using System.Globalization;
using System.Text.RegularExpressions;
using Rehearse.Testing.FakeLlm;

namespace Rehearse.Interview.Benchmarks;

/// <summary>
/// The loopback fake model answering as a hosted model paces its output: the first token after
/// <see cref="FirstToken"/>, then one token (about <see cref="CharactersPerToken"/> characters) every
/// <see cref="PerToken"/>, about 30 tokens a second. Follow-ups stream; plans and assessments (JSON, not streamed)
/// arrive when their last token would have.
/// </summary>
internal static partial class PacedModel
{
    public static readonly TimeSpan FirstToken = TimeSpan.FromMilliseconds(300);
    public static readonly TimeSpan PerToken = TimeSpan.FromMilliseconds(33);
    public const int CharactersPerToken = 4;

    private static readonly string[] Questions =
    [
        "How would you make payment retries safe when the network between two services is unreliable?",
        "A service you own has become slow at peak hours. How do you find out why?",
        "How would you split a monolith that several teams deploy together?",
        "Tell me how you would design rate limiting for a public API.",
        "How do you roll out a database schema change without downtime?",
        "What would you cache in a product catalogue service, and how would you keep it fresh?",
        "How would you consume events from a queue exactly once, or as close to it as you can get?",
        "How do you decide what to monitor and alert on for a new service?",
    ];

    // Two sentences each, the first of typical length, as a model words a follow-up.
    private static readonly string[] FollowUps =
    [
        "You mentioned putting a queue in front of the database, which makes sense. How would you know the retries are safe when the same payment arrives twice?",
        "You said you would start with the logs and the metrics before talking to the team. Which metric would you look at first, and why that one?",
        "Splitting the service gives each team ownership of its data and deployments. How would you keep the contract between the two parts from breaking?",
        "A forty percent drop in failed payments within a month is a strong result. How did you make sure the change caused it and not something else?",
    ];

    /// <summary>Starts the fake with this pace.</summary>
    public static async Task<FakeLlmServer> StartAsync()
    {
        var server = await FakeLlmServer.StartAsync();
        server.ChunkInterval = PerToken;
        server.ChunkCharacters = CharactersPerToken;
        var followUps = 0;
        server.Responder = request =>
        {
            if (request.Stream)
            {
                return new FakeLlmReply(FollowUps[Interlocked.Increment(ref followUps) % FollowUps.Length], Delay: FirstToken);
            }
            var prompt = request.Messages.Last(m => m.Role == "user").Content;
            var reply = PlanCount().Match(prompt) is { Success: true } plan
                ? FakeLlmReply.Json(Plan(int.Parse(plan.Groups[1].Value, CultureInfo.InvariantCulture)))
                : FakeLlmReply.Json(Assessment());
            return reply with { Delay = FirstToken + PerToken * (reply.Content.Length / CharactersPerToken) };
        };
        return server;
    }

    private static object Plan(int count) => new
    {
        questions = Enumerable.Range(0, count).Select(i => new
        {
            text = Questions[i % Questions.Length],
            keyPoints = new[] { "Idempotency and retries", "Measure before changing", "Trade-offs named", "A concrete result" },
            exampleAnswer = "I would measure first, name the trade-off, and check the result against the goal.",
        }).ToArray(),
    };

    private static object Assessment() => new
    {
        technicalDepth = new { score = 62, reason = "A sound approach, with little about failure cases." },
        communication = new { score = 74, reason = "Clear and brief." },
        problemSolving = new { score = 60, reason = "Names a plan but not how to verify it." },
        coveredPoints = new[] { "Measure before changing" },
        missedPoints = new[] { "Trade-offs named", "A concrete result" },
        strengths = new[] { "Goes straight to a practical plan." },
        improvements = new[] { "Say how you would know it worked.", "Name the trade-off you accept." },
        exampleAnswer = "I would add an idempotency key, retry through a queue, and watch duplicate charges drop to zero.",
    };

    [GeneratedRegex(@"^Plan (\d+) main interview questions")]
    private static partial Regex PlanCount();
}
