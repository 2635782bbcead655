extern alias speech;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Interview.FunctionalTests.SpeechServiceFixture))]

namespace Rehearse.Interview.FunctionalTests;

/// <summary>One in-process Speech service for the whole assembly (the models load once).</summary>
public sealed class SpeechServiceFixture : WebApplicationFactory<speech::Program>, IAsyncLifetime
{
    /// <summary>A handler that reaches the in-process Speech service, for the Interview service's Speech client.</summary>
    public HttpMessageHandler CreateSpeechHandler() => Server.CreateHandler();

    /// <summary>
    /// Starts the host before any test runs. Left to start on first use, tests of classes that run in parallel could
    /// each start one (the factory's lazy start is not thread-safe): calls would then reach one host while
    /// <c>Services</c> (its meters, its engines) belonged to another.
    /// </summary>
    public ValueTask InitializeAsync()
    {
        StartServer();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
    }
}
