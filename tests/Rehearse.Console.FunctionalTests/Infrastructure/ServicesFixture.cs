using Rehearse.Testing;

[assembly: AssemblyFixture(typeof(Rehearse.Console.FunctionalTests.Infrastructure.ServicesFixture))]

namespace Rehearse.Console.FunctionalTests.Infrastructure;

/// <summary>
/// The Speech, code runner and Interview services for the whole test run, each started on first use on a free
/// loopback port. The Interview service gets a database of its own, dropped at the end, and the code runner for its
/// coding questions. The Speech service asks for <see cref="SpeechKey"/>, as an exposed one does, and the Interview
/// service presents it.
/// </summary>
public sealed class ServicesFixture : IAsyncDisposable
{
    /// <summary>The key the Speech service asks for.</summary>
    public const string SpeechKey = "console-tests-speech-key-0123";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private ServiceProcess? _speech;
    private ServiceProcess? _codeRunner;
    private Uri? _codeRunnerAddress;
    private ServiceProcess? _interview;
    private ScratchDatabase? _database;

    /// <summary>The Speech service address.</summary>
    public Uri? SpeechAddress { get; private set; }

    /// <summary>The Interview service's native gRPC address.</summary>
    public Uri? InterviewAddress { get; private set; }

    /// <summary>Starts the Speech service if it is not running.</summary>
    public async Task<Uri> StartSpeechAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (SpeechAddress is null)
            {
                var port = LoopbackPorts.Free();
                _speech = await ServiceProcess.StartAsync("Speech service", BuiltPrograms.SpeechService,
                    [$"--Endpoints:GrpcPort={port}", "--Endpoints:HttpPort=0", $"--Speech:ModelsDirectory={TestPaths.ModelsDirectory}"],
                    new Dictionary<string, string> { ["Speech__Access__ApiKeys__0"] = SpeechKey });
                SpeechAddress = new Uri($"http://127.0.0.1:{port}");
            }
            return SpeechAddress;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the code runner if it is not running.</summary>
    private async Task<Uri> StartCodeRunnerAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_codeRunnerAddress is null)
            {
                var port = LoopbackPorts.Free();
                _codeRunner = await ServiceProcess.StartAsync("Code runner", BuiltPrograms.CodeRunnerService,
                    [$"--Endpoints:GrpcPort={port}", "--Endpoints:HttpPort=0"], new Dictionary<string, string>());
                _codeRunnerAddress = new Uri($"http://127.0.0.1:{port}");
            }
            return _codeRunnerAddress;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Starts the Interview service (and the Speech service and code runner it uses) if it is not running.</summary>
    public async Task<Uri> StartInterviewAsync()
    {
        var speech = await StartSpeechAsync();
        var codeRunner = await StartCodeRunnerAsync();
        await _gate.WaitAsync();
        try
        {
            if (InterviewAddress is null)
            {
                var connection = await CreateDatabaseAsync();
                var grpcPort = LoopbackPorts.Free();
                var httpPort = LoopbackPorts.Free();
                _interview = await ServiceProcess.StartAsync("Interview service", BuiltPrograms.InterviewService,
                    [$"--Endpoints:GrpcPort={grpcPort}", $"--Endpoints:HttpPort={httpPort}", $"--Speech:Address={speech}", $"--CodeRunner:Address={codeRunner}",
                     // A cluster of one silo on loopback, on a port of its own.
                     $"--Orleans:SiloPort={LoopbackPorts.Free()}", "--Orleans:AdvertisedAddress=127.0.0.1", "--Orleans:ListenAddress=127.0.0.1"],
                    new Dictionary<string, string> { ["ConnectionStrings__Interview"] = connection, ["Speech__ApiKey"] = SpeechKey });
                InterviewAddress = new Uri($"http://127.0.0.1:{grpcPort}");
            }
            return InterviewAddress;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What the services have logged, for failure messages.</summary>
    public string Logs => $"--- Speech service log\n{_speech?.Log}\n--- Code runner log\n{_codeRunner?.Log}\n--- Interview service log\n{_interview?.Log}";

    private async Task<string> CreateDatabaseAsync()
    {
        _database = await ScratchDatabase.CreateAsync("rehearse_console");
        return _database.ConnectionString;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_interview is not null)
        {
            await _interview.DisposeAsync();
        }
        if (_speech is not null)
        {
            await _speech.DisposeAsync();
        }
        if (_codeRunner is not null)
        {
            await _codeRunner.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _gate.Dispose();
    }
}
