using Grpc.Core;

namespace Rehearse.ServiceDefaults.UnitTests;

public sealed class StatusDetailLimitInterceptorTests
{
    private static readonly StatusDetailLimitInterceptor Interceptor = new();

    [Fact]
    public async Task A_status_message_over_the_limit_is_cut_keeping_its_code_and_start()
    {
        var detail = "config.voice: '" + new string('v', 70_000) + "' is not a voice.";

        var error = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<string, string>(
            "request", new FakeServerCallContext(), (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, detail))));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(StatusDetailLimitInterceptor.MaxDetailCharacters, error.Status.Detail.Length);
        Assert.StartsWith("config.voice: 'vvv", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("…", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_kind_of_rpc_is_covered_and_short_messages_pass_unchanged()
    {
        var context = new FakeServerCallContext();
        var longStatus = new Status(StatusCode.NotFound, new string('x', 5_000));
        var shortStatus = new Status(StatusCode.NotFound, "session: not found.");

        var clientStreaming = await Assert.ThrowsAsync<RpcException>(() => Interceptor.ClientStreamingServerHandler<string, string>(
            null!, context, (_, _) => throw new RpcException(longStatus)));
        var serverStreaming = await Assert.ThrowsAsync<RpcException>(() => Interceptor.ServerStreamingServerHandler<string, string>(
            "request", null!, context, (_, _, _) => throw new RpcException(longStatus)));
        var duplex = await Assert.ThrowsAsync<RpcException>(() => Interceptor.DuplexStreamingServerHandler<string, string>(
            null!, null!, context, (_, _, _) => throw new RpcException(shortStatus)));

        Assert.Equal(StatusDetailLimitInterceptor.MaxDetailCharacters, clientStreaming.Status.Detail.Length);
        Assert.Equal(StatusDetailLimitInterceptor.MaxDetailCharacters, serverStreaming.Status.Detail.Length);
        Assert.Equal(shortStatus.Detail, duplex.Status.Detail);
    }

    [Fact]
    public async Task A_cut_never_splits_a_surrogate_pair()
    {
        // An emoji straddles the cut: the message must stay valid UTF-16 (and so valid UTF-8 on the wire).
        var detail = new string('a', StatusDetailLimitInterceptor.MaxDetailCharacters - 2) + string.Concat(Enumerable.Repeat("😀", 100));

        var error = await Assert.ThrowsAsync<RpcException>(() => Interceptor.UnaryServerHandler<string, string>(
            "request", new FakeServerCallContext(), (_, _) => throw new RpcException(new Status(StatusCode.InvalidArgument, detail))));

        Assert.True(error.Status.Detail.Length <= StatusDetailLimitInterceptor.MaxDetailCharacters);
        Assert.False(char.IsHighSurrogate(error.Status.Detail[^2]), "the cut left half a surrogate pair");
    }

    [Fact]
    public async Task Registered_by_the_service_defaults_for_every_service()
    {
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.Configuration["Endpoints:GrpcPort"] = "50999";
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        var options = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<Microsoft.Extensions.Options.IOptions<Grpc.AspNetCore.Server.GrpcServiceOptions>>(app.Services).Value;

        Assert.Equal(typeof(StatusDetailLimitInterceptor), options.Interceptors[0].Type);
    }

    private sealed class FakeServerCallContext : ServerCallContext
    {
        protected override string MethodCore => "/test.Service/Call";
        protected override string HostCore => "localhost";
        protected override string PeerCore => "ipv4:127.0.0.1:1";
        protected override DateTime DeadlineCore => DateTime.MaxValue;
        protected override Metadata RequestHeadersCore { get; } = [];
        protected override CancellationToken CancellationTokenCore => CancellationToken.None;
        protected override Metadata ResponseTrailersCore { get; } = [];
        protected override Status StatusCore { get; set; }
        protected override WriteOptions? WriteOptionsCore { get; set; }
        protected override AuthContext AuthContextCore => new(null, []);
        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => throw new NotSupportedException();
        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => Task.CompletedTask;
    }
}
