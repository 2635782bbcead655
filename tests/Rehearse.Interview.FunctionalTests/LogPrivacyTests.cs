using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The service's logs, at the most verbose level (Trace, for every category including ASP.NET Core, gRPC and
/// EF Core), carry neither what a candidate said or typed nor their API key.
/// </summary>
public sealed class LogPrivacyTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, new Dictionary<string, string?>
{
    ["Logging:LogLevel:Default"] = "Trace",
    ["Logging:LogLevel:Microsoft"] = "Trace",
    ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
    ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
    ["Logging:LogLevel:Grpc"] = "Trace",
})
{
    private const string Distinctive = "Quetzalcoatlus";

    [Fact]
    public async Task A_typed_interview_leaves_no_answer_text_and_no_api_key_in_the_logs()
    {
        var ct = TestContext.Current.CancellationToken;
        var key = "privacy-" + Guid.NewGuid().ToString("N");
        var client = Host.Client(key);
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly(1) }, cancellationToken: ct)).Session;

        using var call = client.Converse(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = session.Id, Start = true } }, ct);
        await using var events = SessionEvents.From(call);
        await InterviewScript.PlayAsync(events, async i =>
        {
            var text = $"{InterviewScript.TypedAnswer(i)} We named the service {Distinctive}.";
            await call.RequestStream.WriteAsync(new ConverseRequest { Text = text }, ct);
            return text;
        });
        await events.WaitForEndAsync();
        await call.RequestStream.CompleteAsync();
        await client.GetReportAsync(new GetReportRequest { SessionId = session.Id }, cancellationToken: ct);

        var logs = Host.Logs.ToArray();
        await File.WriteAllLinesAsync(Path.Combine(Rehearse.Testing.TestPaths.ArtifactsDirectory("log-privacy"), "typed-interview.log"), logs, ct);
        // The capture works, and saw the calls at the verbose levels.
        Assert.Contains(logs, line => line.StartsWith("Trace", StringComparison.Ordinal));
        Assert.Contains(logs, line => line.Contains("InterviewService/Converse", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains(Distinctive, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(logs, line => line.Contains(key, StringComparison.Ordinal));
        Assert.DoesNotContain(logs, line => line.Contains("failed payments dropped", StringComparison.OrdinalIgnoreCase));
    }
}
