using Grpc.Net.Client.Balancer;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Core.Speech;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// The Speech client balancing over two real Speech services on loopback (named by a static resolver, as a
/// headless Service's name resolves to its pods): calls and streams go to both, and once one stops, new streams go
/// to the other without a failure reaching the caller.
/// </summary>
public sealed class SpeechBalancingTests : IAsyncLifetime
{
    private const string Address = "static:///speech";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SocketSpeechService _first = null!;
    private SocketSpeechService _second = null!;
    private TestDatabase _database = null!;
    private InterviewHost _host = null!;

    [Fact]
    public async Task Calls_spread_over_both_instances_and_new_streams_go_to_the_one_left_when_the_other_stops()
    {
        var gateway = _host.Services.GetRequiredService<SpeechGateway>();

        // The channel connects to both; calls go round them once both are up.
        for (var i = 0; i < 20 && (_first.CallsOf("ListVoices") == 0 || _second.CallsOf("ListVoices") == 0); i++)
        {
            Assert.NotEmpty(await gateway.ListVoicesAsync(Ct));
        }
        Assert.True(_first.CallsOf("ListVoices") > 0 && _second.CallsOf("ListVoices") > 0,
            $"ListVoices: {_first.CallsOf("ListVoices")} and {_second.CallsOf("ListVoices")} calls");

        for (var i = 0; i < 6; i++)
        {
            await SpeakAsync(gateway);
        }
        Assert.Equal(3, _first.CallsOf("StreamingSynthesize"));
        Assert.Equal(3, _second.CallsOf("StreamingSynthesize"));

        await _second.DisposeAsync();
        var before = _first.CallsOf("StreamingSynthesize");
        for (var i = 0; i < 4; i++)
        {
            await SpeakAsync(gateway);
        }
        Assert.Equal(before + 4, _first.CallsOf("StreamingSynthesize"));
        Assert.NotEmpty(await gateway.ListVoicesAsync(Ct));
    }

    public async ValueTask InitializeAsync()
    {
        _first = new SocketSpeechService();
        _second = new SocketSpeechService();
        _database = await TestDatabase.CreateAsync();
        var options = new SpeechClientOptions { Address = Address };
        _host = new InterviewHost(_database.ConnectionString, () => SpeechConnection.CreateHandler(options),
            new Dictionary<string, string?> { ["Speech:Address"] = Address })
        {
            ConfigureServices = services => services.AddSingleton<ResolverFactory>(new StaticResolverFactory(_ =>
                [new BalancerAddress("127.0.0.1", _first.Port), new BalancerAddress("127.0.0.1", _second.Port)])),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _database.DisposeAsync();
        await _first.DisposeAsync();
        await _second.DisposeAsync();
    }

    /// <summary>One streamed synthesis, as an interviewer's reply is spoken: a call of its own, read to its end.</summary>
    private static async Task SpeakAsync(SpeechGateway gateway)
    {
        await using var synthesis = await gateway.OpenStreamingSynthesisAsync(new SynthesisSettings("", 16_000, false), Ct);
        await synthesis.WriteAsync("Thank you.", Ct);
        await synthesis.CompleteAsync();
        var audio = 0;
        await foreach (var piece in synthesis.ReadAllAsync(Ct))
        {
            audio += piece.Audio.Length;
        }
        Assert.True(audio > 0);
    }
}
