namespace Rehearse.Testing;

/// <summary>
/// The settings tests and benchmarks start the built services with: on 127.0.0.1, gRPC on a given port, no web
/// page, warnings only in the logs.
/// </summary>
public static class ServiceArguments
{
    /// <summary>A Speech service with the models of <see cref="TestPaths.ModelsDirectory"/>; metrics served when a port is given.</summary>
    public static string[] Speech(int grpcPort, int? metricsPort) =>
    [
        .. Common(grpcPort, metricsPort),
        $"--Speech:ModelsDirectory={TestPaths.ModelsDirectory}",
    ];

    /// <summary>
    /// An Interview silo on <paramref name="database"/>, reaching Speech at <paramref name="speechAddress"/>, with a silo
    /// port of its own (silos on the same database and cluster id form one cluster) and the offline interviewer on a
    /// fixed seed, so runs ask the same questions.
    /// </summary>
    public static string[] Interview(int grpcPort, int? metricsPort, string database, string speechAddress, string? clusterId = null) =>
    [
        .. Common(grpcPort, metricsPort),
        $"--ConnectionStrings:Interview={database}", $"--Speech:Address={speechAddress}",
        .. (clusterId is null ? Array.Empty<string>() : [$"--Orleans:ClusterId={clusterId}"]),
        $"--Orleans:SiloPort={LoopbackPorts.Free()}", "--Orleans:AdvertisedAddress=127.0.0.1", "--Orleans:ListenAddress=127.0.0.1",
        "--Interviewers:Offline:Seed=11",
    ];

    private static string[] Common(int grpcPort, int? metricsPort) =>
    [
        "--Endpoints:BindAddress=127.0.0.1", $"--Endpoints:GrpcPort={grpcPort}", "--Endpoints:HttpPort=0",
        "--Logging:LogLevel:Default=Warning",
        .. (metricsPort is { } port ? [$"--Endpoints:MetricsPort={port}"] : Array.Empty<string>()),
    ];
}
