using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Rehearse.Interview.V1;
using Rehearse.Testing.Fuzzing;

namespace Rehearse.Interview.FunctionalTests.Fuzzing;

/// <summary>
/// A short fuzz run against the Interview service on a loopback socket, over its own PostgreSQL database and the
/// real Speech service: every rpc of its descriptor gets malformed and extreme requests, string fields often
/// naming the caller's real sessions so that requests reach the sessions. Every call must end with a status the
/// service chose, within its deadline, and the service must still be SERVING afterwards. A failure prints the rpc,
/// the case seed and the message bytes (FuzzCase.Create remakes the case from the seed).
/// </summary>
public sealed class InterviewFuzzTests(SpeechServiceFixture speech) : InterviewServiceTest(speech)
{
    private const int Seed = 20261207;

    [Fact(Skip = "Open defect: fuzzed streams the service has ended can close the HTTP/2 connection (STREAM_CLOSED), failing other calls on it; see docs/security.md, Fuzzing, Open")]
    public async Task Every_rpc_answers_fuzzed_requests_with_a_chosen_status()
    {
        var (host, channel) = LoopbackHost.Start(Host);
        await using var _ = host;
        using var __ = channel;
        var key = NewKey();
        var invoker = channel.Intercept(metadata =>
        {
            metadata.Add("x-api-key", key);
            return metadata;
        });
        var client = new InterviewService.InterviewServiceClient(invoker);
        var ct = TestContext.Current.CancellationToken;
        var options = await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: ct);
        List<string> known = [.. options.Roles.Select(r => r.Id), .. options.Voices.Select(v => v.Id)];
        for (var i = 0; i < 3; i++)
        {
            known.Add((await client.CreateSessionAsync(new CreateSessionRequest { Config = InterviewScript.TextOnly() }, cancellationToken: ct)).Session.Id);
        }
        var fuzzer = new RpcFuzzer(invoker, InterviewService.Descriptor, new FuzzOptions
        {
            Calls = 600,
            Seed = Seed,
            CallDeadline = TimeSpan.FromSeconds(120),
            OpenEndedStreams = new HashSet<string> { "StreamEvents", "Converse" },
            Values = new FuzzValues(known),
        });
        var before = FuzzMemory.Measure();

        var result = await fuzzer.RunAsync(ct);

        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine(result.Table());
        output.WriteLine($"test process (Interview and Speech services in it): before {before}; after {FuzzMemory.Measure()}");
        Assert.True(result.Failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, result.Failures.Take(10).Select(f => f.Describe())));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await RpcFuzzer.HealthAsync(channel.CreateCallInvoker()));
    }
}
