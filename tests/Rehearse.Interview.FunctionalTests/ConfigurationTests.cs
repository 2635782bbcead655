namespace Rehearse.Interview.FunctionalTests;

/// <summary>Settings are checked when the service starts: a wrong one stops it with a message naming the key.</summary>
public sealed class ConfigurationTests(SpeechServiceFixture speech)
{
    [Theory]
    [InlineData("Web:AllowedOrigins:0", "localhost:5173", "Web:AllowedOrigins")]
    [InlineData("Web:AllowedOrigins:0", "http://localhost:5173/app", "Web:AllowedOrigins")]
    [InlineData("Interview:MaxReceiveMessageBytes", "1048576", "Interview:MaxReceiveMessageBytes")]
    [InlineData("Interview:TurnTaking:Brisk:MaxWait", "00:01:00", "Interview:TurnTaking:Brisk:MaxWait")]
    [InlineData("Interview:TurnTaking:Normal:MinWait", "00:00:07", "Interview:TurnTaking:Normal:MinWait")]
    [InlineData("Interview:TurnTaking:ResumeWindow", "00:00:30", "Interview:TurnTaking:ResumeWindow")]
    [InlineData("Interview:AnswerAudioIdleTimeout", "00:00:00.5", "Interview:AnswerAudioIdleTimeout")]
    [InlineData("Interview:MaxActiveSessionsPerUser", "0", "MaxActiveSessionsPerUser")]
    [InlineData("Identity:OpenIdConnect:Authority", "http://login.example.com", "Identity:OpenIdConnect:Authority")]
    [InlineData("Identity:OpenIdConnect:Authority", "https://login.example.com", "Identity:OpenIdConnect:ClientId")]
    [InlineData("Speech:ApiKey", "short", "Speech:ApiKey must be 16 to 128 characters")]
    [InlineData("Speech:Address", "dns:///speech.rehearse.svc.cluster.local", "names no host and port")]
    [InlineData("Speech:Address", "speech:50051", "is not an http://, https://, dns:/// or ipv4: address")]
    [InlineData("Speech:Address", "ipv4:10.0.0.5:50051,speech:50051", "must list IPv4 endpoints with ports")]
    [InlineData("Speech:Address", "ipv4:10.0.0.5", "must list IPv4 endpoints with ports")]
    [InlineData("Orleans:ClusterId", "two words", "Orleans:ClusterId must be 1 to 150 letters")]
    [InlineData("Orleans:AdvertisedAddress", "silo.local", "Orleans:AdvertisedAddress 'silo.local' is not an IP address")]
    [InlineData("Orleans:ListenAddress", "any", "Orleans:ListenAddress 'any' is not an IP address")]
    [InlineData("Orleans:ProbeTimeout", "00:00:00.1", "Orleans:ProbeTimeout must be between")]
    [InlineData("Orleans:MissedProbesLimit", "0", "Orleans:MissedProbesLimit must be between")]
    [InlineData("Orleans:ResponseTimeout", "00:00:01", "Orleans:ResponseTimeout must be between")]
    [InlineData("Speech:CertificateAuthorityPath", "/nonexistent/ca.pem", "Speech:CertificateAuthorityPath and Speech:ClientCertificatePath need an https://")]
    public async Task A_wrong_setting_stops_the_service_at_start_naming_the_key(string key, string value, string named)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var host = new InterviewHost(database.ConnectionString, speech, new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => host.Server);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }
}
