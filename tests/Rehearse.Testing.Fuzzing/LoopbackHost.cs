using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Rehearse.Testing.Fuzzing;

/// <summary>
/// Runs a service under test on Kestrel at 127.0.0.1 on a port the system picks, speaking cleartext HTTP/2, so
/// fuzzed calls cross a real socket and Kestrel's own HTTP/2 handling, as a deployed service's calls do.
/// </summary>
public static class LoopbackHost
{
    /// <summary>
    /// Starts a copy of <paramref name="factory"/> on loopback; returns it (to dispose) and its address.
    /// </summary>
    public static (WebApplicationFactory<TEntryPoint> Host, Uri Address) Start<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        // Explicit URLs make the service skip its configured ports (ServiceDefaults), so only this listener binds.
        var host = factory.WithWebHostBuilder(builder => builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0"));
        host.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        host.StartServer();
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = new Uri(addresses.Single());
        if (!IPAddress.IsLoopback(IPAddress.Parse(address.Host)))
        {
            throw new InvalidOperationException($"The service listens on {address}, not on loopback.");
        }
        return (host, address);
    }
}
