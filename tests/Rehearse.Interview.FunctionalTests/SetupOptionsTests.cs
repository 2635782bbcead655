using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>What GetSetupOptions tells a client about this server's configuration.</summary>
public sealed class SetupOptionsTests(SpeechServiceFixture speech) : InterviewServiceTest(speech, Settings)
{
    // Not the defaults (20,000 characters, 5 MiB), so limits written into the service or the client would show.
    private const int MaxDocumentCharacters = 1_234;
    private const int MaxDocumentPdfBytes = 2 * 1024 * 1024;

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Interview:MaxDocumentCharacters"] = MaxDocumentCharacters.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Interview:MaxDocumentPdfBytes"] = MaxDocumentPdfBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_document_limits_served_are_the_configured_ones_that_CreateSession_enforces()
    {
        var client = Host.Client("test-" + Guid.NewGuid().ToString("N"), Transport.GrpcWeb);
        var limits = (await client.GetSetupOptionsAsync(new GetSetupOptionsRequest(), cancellationToken: Ct)).DocumentLimits;
        var configured = Host.Services.GetRequiredService<IOptions<InterviewOptions>>().Value;
        Assert.Equal(MaxDocumentCharacters, configured.MaxDocumentCharacters);
        Assert.Equal(MaxDocumentPdfBytes, configured.MaxDocumentPdfBytes);
        Assert.Equal(configured.MaxDocumentCharacters, limits.MaxTextCharacters);
        Assert.Equal(configured.MaxDocumentPdfBytes, limits.MaxPdfBytes);

        // A résumé at the served limit is taken; one character or byte more is refused, naming the limit.
        var config = InterviewScript.TextOnly();
        config.Resume = new Document { Text = new string('a', limits.MaxTextCharacters) };
        var session = (await client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct)).Session;
        Assert.Equal(limits.MaxTextCharacters, session.Config.Resume.Text.Length);

        config.Resume = new Document { Text = new string('a', limits.MaxTextCharacters + 1) };
        var error = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct).ResponseAsync);
        Assert.StartsWith("config.resume:", error, StringComparison.Ordinal);
        Assert.Contains($"limit of {limits.MaxTextCharacters}", error, StringComparison.Ordinal);

        // A PDF's text is held to the same limit, not cut short.
        var lines = Enumerable.Range(0, 30).Select(i => $"Line {i:00}: designed, built and ran payment services on PostgreSQL.").ToArray();
        config.Resume = new Document { Pdf = ByteString.CopyFrom(DocumentTests.Pdf(lines)) };
        error = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct).ResponseAsync);
        Assert.StartsWith("config.resume.pdf:", error, StringComparison.Ordinal);
        Assert.Contains($"limit of {limits.MaxTextCharacters} characters", error, StringComparison.Ordinal);

        config.Resume = new Document { Pdf = ByteString.CopyFrom(new byte[limits.MaxPdfBytes + 1]) };
        error = await InterviewScript.FailsWith(StatusCode.InvalidArgument,
            () => client.CreateSessionAsync(new CreateSessionRequest { Config = config }, cancellationToken: Ct).ResponseAsync);
        Assert.StartsWith("config.resume.pdf:", error, StringComparison.Ordinal);
        Assert.Contains($"limit of {limits.MaxPdfBytes} bytes", error, StringComparison.Ordinal);
    }
}
