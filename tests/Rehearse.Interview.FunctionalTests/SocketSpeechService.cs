extern alias speech;

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Rehearse.Testing;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A Speech service of its own on Kestrel, on a free port of 127.0.0.1 (cleartext HTTP/2), reached over real
/// connections as a deployed one is: for what the in-process test server does not do, such as carrying trace
/// context in headers or going away.
/// </summary>
public sealed class SocketSpeechService : WebApplicationFactory<speech::Program>
{
    /// <summary>Starts the service (its models load first, which takes seconds).</summary>
    public SocketSpeechService()
    {
        Port = Rehearse.Testing.LoopbackPorts.Free();
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, listen => listen.Protocols = HttpProtocols.Http2));
        StartServer();
    }

    /// <summary>Requests it received, by path (the rpc), counted as they arrive.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Requests it received for the rpc <paramref name="method"/> of the Speech service.</summary>
    public int CallsOf(string method) => Calls.GetValueOrDefault($"/rehearse.speech.v1.SpeechService/{method}");

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its address, for <c>Speech:Address</c>.</summary>
    public string Address => $"http://127.0.0.1:{Port}";

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
        // The tests here recognize with the smaller model only.
        builder.UseSetting("Speech:Recognition:PreloadModels", "moonshine-tiny");
        // Explicit URLs make the service skip its configured ports; Kestrel's own listener replaces them.
        builder.UseSetting(WebHostDefaults.ServerUrlsKey, Address);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new CallCounting(Calls)));
    }

    private sealed class CallCounting(ConcurrentDictionary<string, int> calls) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                calls.AddOrUpdate(context.Request.Path.Value ?? "", 1, (_, count) => count + 1);
                return following(context);
            });
            next(app);
        };
    }

}
