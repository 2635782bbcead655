using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;

namespace Rehearse.Speech.FunctionalTests.Hosting;

/// <summary>What every deployment relies on: health and reflection.</summary>
public sealed class HostingTests(SpeechServiceFixture service)
{
    [Fact]
    public async Task Health_check_answers_serving()
    {
        var health = new Health.HealthClient(service.Channel);

        var response = await health.CheckAsync(new HealthCheckRequest(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_speech_service()
    {
        var reflection = new ServerReflection.ServerReflectionClient(service.Channel);
        using var call = reflection.ServerReflectionInfo(cancellationToken: TestContext.Current.CancellationToken);

        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" }, TestContext.Current.CancellationToken);
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(TestContext.Current.CancellationToken));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("rehearse.speech.v1.SpeechService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }
}
