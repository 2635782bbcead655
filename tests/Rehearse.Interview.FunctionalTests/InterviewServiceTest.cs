namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A test class with a scratch database of its own and the Interview service hosted in process over it, against the
/// shared in-process Speech service (and, given <paramref name="codeRunner"/>, the in-process code runner);
/// <paramref name="settings"/> override the service's configuration.
/// </summary>
public abstract class InterviewServiceTest(
    SpeechServiceFixture speech, IReadOnlyDictionary<string, string?>? settings = null, CodeRunnerServiceFixture? codeRunner = null) : IAsyncLifetime
{
    /// <summary>The Speech service the Interview service speaks and listens through.</summary>
    protected SpeechServiceFixture Speech => speech;

    /// <summary>This class's scratch database.</summary>
    protected TestDatabase Database { get; private set; } = null!;

    /// <summary>The Interview service under test.</summary>
    protected InterviewHost Host { get; private set; } = null!;

    /// <summary>A new API key: its user is created on first use.</summary>
    protected static string NewKey() => "test-" + Guid.NewGuid().ToString("N");

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync();
        Host = new InterviewHost(Database.ConnectionString, speech, settings) { CodeRunner = codeRunner };
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
