using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Rehearse.Speech.V1;
using Rehearse.Testing.Fuzzing;

namespace Rehearse.Speech.FunctionalTests.Fuzzing;

/// <summary>
/// A short fuzz run against the Speech service on a loopback socket: every rpc of its descriptor gets malformed
/// and extreme requests, and every call must end with a status the service chose, within its deadline, with the
/// service still SERVING afterwards. A failure prints the rpc, the case seed and the message bytes (FuzzCase.Create remakes the case from the seed).
/// </summary>
public sealed class SpeechFuzzTests(SpeechServiceFixture service) : IDisposable
{
    private const int Seed = 20261207;

    private readonly (Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Host, Grpc.Net.Client.GrpcChannel Channel) _loopback = LoopbackHost.Start(service);

    [Fact(Skip = "Open defect: fuzzed streams the service has ended can close the HTTP/2 connection (STREAM_CLOSED), failing other calls on it; see docs/security.md, Fuzzing, Open")]
    public async Task Every_rpc_answers_fuzzed_requests_with_a_chosen_status()
    {
        var fuzzer = new RpcFuzzer(_loopback.Channel.CreateCallInvoker(), SpeechService.Descriptor, new FuzzOptions
        {
            Calls = 600,
            Seed = Seed,
            CallDeadline = TimeSpan.FromSeconds(120),
            Values = new FuzzValues(["moonshine-base", "moonshine-tiny", "en-US", .. await VoiceIdsAsync()]),
        });
        var before = FuzzMemory.Measure();

        var result = await fuzzer.RunAsync(TestContext.Current.CancellationToken);

        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine(result.Table());
        output.WriteLine($"test process (two Speech services in it): before {before}; after {FuzzMemory.Measure()}");
        Assert.True(result.Failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, result.Failures.Take(10).Select(f => f.Describe())));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await RpcFuzzer.HealthAsync(_loopback.Channel.CreateCallInvoker()));
    }

    [Fact]
    public async Task Whole_file_recognition_refuses_broken_wav_headers_by_name()
    {
        var client = new SpeechService.SpeechServiceClient(_loopback.Channel);
        var random = new Random(Seed);
        for (var i = 0; i < 300; i++)
        {
            var wav = BadWav.Create(random);
            var request = new RecognizeRequest
            {
                Config = new RecognitionConfig { AudioFormat = new AudioFormat { Encoding = AudioEncoding.Wav } },
                Audio = ByteString.CopyFrom(wav),
            };
            try
            {
                await client.RecognizeAsync(request, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
            }
            catch (RpcException e)
            {
                // A header the decoder cannot use is bad input, and the message says which field.
                Assert.True(e.StatusCode == StatusCode.InvalidArgument && e.Status.Detail.Contains("audio", StringComparison.Ordinal),
                    $"WAV #{i} ({Convert.ToHexString(wav.AsSpan(0, Math.Min(wav.Length, 64)))}): {e.StatusCode} {e.Status.Detail}");
            }
        }
    }

    public void Dispose()
    {
        _loopback.Channel.Dispose();
        _loopback.Host.Dispose();
    }

    private async Task<IEnumerable<string>> VoiceIdsAsync() =>
        (await new SpeechService.SpeechServiceClient(_loopback.Channel).ListVoicesAsync(new ListVoicesRequest(), cancellationToken: TestContext.Current.CancellationToken))
            .Voices.Select(v => v.Id);
}
