using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Rehearse.ServiceDefaults.UnitTests;

public sealed class ServiceEndpointOptionsTests
{
    [Theory]
    [InlineData("127.0.0.1", 50051, 0)]
    [InlineData("0.0.0.0", 8081, 8080)]
    [InlineData("::", 0, 8080)]
    [InlineData("localhost", 50051, 0)]
    public async Task A_valid_configuration_is_accepted(string bindAddress, int grpcPort, int httpPort)
    {
        await using var app = BuildApp(bindAddress, grpcPort, httpPort);

        var options = app.Services.GetRequiredService<IOptions<ServiceEndpointOptions>>().Value;

        Assert.Equal(bindAddress, options.BindAddress);
        Assert.Equal(grpcPort, options.GrpcPort);
    }

    [Theory]
    [InlineData("not-an-address", 50051, 0, "Endpoints:BindAddress 'not-an-address' is not an IP address")]
    [InlineData("127.0.0.1", 0, 0, "Endpoints: set GrpcPort, HttpPort or both.")]
    [InlineData("127.0.0.1", 8080, 8080, "GrpcPort and HttpPort are both 8080")]
    [InlineData("127.0.0.1", 70000, 0, "Endpoints:GrpcPort must be between 0 and 65535.")]
    public async Task A_bad_configuration_stops_the_start_with_a_message_naming_the_setting(
        string bindAddress, int grpcPort, int httpPort, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = BuildApp(bindAddress, grpcPort, httpPort);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    private static WebApplication BuildApp(string bindAddress, int grpcPort, int httpPort)
    {
        var builder = WebApplication.CreateBuilder([
            $"--Endpoints:BindAddress={bindAddress}",
            $"--Endpoints:GrpcPort={grpcPort}",
            $"--Endpoints:HttpPort={httpPort}",
        ]);
        builder.AddServiceDefaults();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        return app;
    }
}
