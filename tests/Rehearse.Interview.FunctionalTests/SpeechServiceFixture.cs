extern alias speech;

using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Interview.FunctionalTests.SpeechServiceFixture))]

namespace Rehearse.Interview.FunctionalTests;

/// <summary>One in-process Speech service for the whole assembly (the models load once).</summary>
public sealed class SpeechServiceFixture : WebApplicationFactory<speech::Program>
{
    /// <summary>A handler that reaches the in-process Speech service, for the Interview service's Speech client.</summary>
    public HttpMessageHandler CreateSpeechHandler() => Server.CreateHandler();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Speech:ModelsDirectory", TestPaths.ModelsDirectory);
    }
}
