using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using Rehearse.Coding.V1;

namespace Rehearse.CodeRunner.FunctionalTests;

/// <summary>
/// Hostile programs against the real sandbox: each ends with a clear result in bounded time, and the runner serves
/// the next run normally, with nothing of the hostile run left behind.
/// </summary>
public sealed class AttackTests(CodeRunnerFixture runner)
{
    private static readonly TimeSpan ShortLimit = TimeSpan.FromSeconds(2);

    // The time limit plus the sandbox's start-up and tear-down on a busy machine.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    [Theory]
    [InlineData(Language.Python, "while True:\n    pass\n")]
    [InlineData(Language.Javascript, "for (;;) {}\n")]
    public async Task An_infinite_loop_ends_at_the_time_limit(Language language, string source)
    {
        var (response, elapsed) = await TimedRunAsync(language, source);
        Assert.Equal(RunStatus.TimeLimitExceeded, response.Status);
        Assert.Equal(-1, response.ExitCode);
        Assert.InRange(elapsed, ShortLimit * 0.9, Bound);
        // It spun the whole time, though on a busy machine it gets only part of a core.
        Assert.True(response.CpuTime.ToTimeSpan() > TimeSpan.FromMilliseconds(100), $"CPU time {response.CpuTime}");
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task A_program_that_sleeps_ends_at_the_wall_clock_limit()
    {
        var (response, elapsed) = await TimedRunAsync(Language.Python, "import time\ntime.sleep(600)\n");
        Assert.Equal(RunStatus.TimeLimitExceeded, response.Status);
        Assert.InRange(elapsed, ShortLimit * 0.9, Bound);
        Assert.True(response.CpuTime.ToTimeSpan() < TimeSpan.FromSeconds(1), $"CPU time {response.CpuTime}");
        Assert.Equal("", response.Stderr);
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n")]
    [InlineData(Language.Javascript, "const { spawn } = require('child_process');\nfor (;;) { try { spawn('/usr/bin/python3', ['-c', 'import time; time.sleep(60)']); } catch (e) {} }\n")]
    public async Task A_fork_bomb_meets_the_process_limit_and_ends(Language language, string source)
    {
        var (response, elapsed) = await TimedRunAsync(language, source);
        Assert.Contains(response.Status, new[] { RunStatus.TimeLimitExceeded, RunStatus.RuntimeError, RunStatus.MemoryLimitExceeded });
        Assert.InRange(elapsed, TimeSpan.Zero, Bound);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Forked_processes_cannot_outnumber_the_limit()
    {
        const string source = """
            import os, time
            children = 0
            try:
                for _ in range(1000):
                    if os.fork() == 0:
                        time.sleep(30)
                        os._exit(0)
                    children += 1
            except OSError as error:
                print("refused after", children, type(error).__name__)
            """;
        var (response, _) = await TimedRunAsync(Language.Python, source);
        Assert.Contains("refused after", response.Stdout, StringComparison.Ordinal);
        var children = int.Parse(response.Stdout.Split(' ')[2], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(children, 1, 64);
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "chunks = []\nwhile True:\n    chunks.append(bytearray(10 * 1024 * 1024))\n")]
    [InlineData(Language.Javascript, "const chunks = [];\nfor (;;) chunks.push(new Array(1e6).fill(1.5));\n")]
    [InlineData(Language.Javascript, "const chunks = [];\nfor (;;) chunks.push(Buffer.alloc(10 * 1024 * 1024, 1));\n")]
    public async Task A_memory_bomb_ends_at_the_memory_limit(Language language, string source)
    {
        // A garbage-collected heap near its limit collects hard before giving up: more time than the other attacks.
        var (response, elapsed) = await TimedRunAsync(language, source, TimeSpan.FromSeconds(10));
        Assert.True(response.Status == RunStatus.MemoryLimitExceeded, $"{response.Status}: {response.Stderr}");
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10) + Bound);
        Assert.InRange(response.PeakMemoryBytes, 1, 128L * 1024 * 1024);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Memory_in_forked_processes_counts_together()
    {
        // Each process stays under the per-process data limit; together they pass the run's 128 MiB.
        const string source = """
            import os, time
            for _ in range(6):
                if os.fork() == 0:
                    block = bytearray(40 * 1024 * 1024)
                    for i in range(0, len(block), 4096):
                        block[i] = 1
                    time.sleep(30)
            time.sleep(30)
            """;
        var (response, elapsed) = await TimedRunAsync(Language.Python, source, TimeSpan.FromSeconds(5));
        Assert.InRange(elapsed, TimeSpan.Zero, Bound + TimeSpan.FromSeconds(3));
        Assert.InRange(response.PeakMemoryBytes, 1, 128L * 1024 * 1024);
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "while True:\n    print('x' * 1000)\n")]
    [InlineData(Language.Javascript, "for (;;) console.log('x'.repeat(1000));\n")]
    public async Task Huge_output_is_truncated_and_stops_the_program(Language language, string source)
    {
        // Well within the time limit, even when Node.js starts slowly on a busy machine.
        var (response, elapsed) = await TimedRunAsync(language, source, TimeSpan.FromSeconds(8));
        Assert.True(RunStatus.OutputLimitExceeded == response.Status, $"{response.Status} {response.Stdout.Length} {response.Stderr}");
        Assert.True(response.OutputTruncated);
        Assert.InRange(response.Stdout.Length, 1, 64 * 1024);
        Assert.InRange(elapsed, TimeSpan.Zero, Bound + TimeSpan.FromSeconds(6));
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "def f(n):\n    return f(n + 1)\nf(0)\n", "RecursionError")]
    [InlineData(Language.Javascript, "function f(n) { return f(n + 1) + 1; }\nf(0);\n", "RangeError")]
    public async Task Deep_recursion_ends_with_a_runtime_error(Language language, string source, string message)
    {
        var (response, elapsed) = await TimedRunAsync(language, source);
        Assert.True(response.Status == RunStatus.RuntimeError, $"{response.Status}: {response.Stderr}");
        Assert.Contains(message, response.Stderr, StringComparison.Ordinal);
        Assert.InRange(elapsed, TimeSpan.Zero, Bound);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Recursion_without_a_recursion_limit_ends_at_a_limit()
    {
        // Python 3.11 keeps Python frames off the C stack, so this grows until memory or time runs out.
        var (response, elapsed) = await TimedRunAsync(Language.Python, "import sys\nsys.setrecursionlimit(10 ** 8)\ndef f(n):\n    return f(n + 1) + 1\nf(0)\n");
        Assert.Contains(response.Status, new[] { RunStatus.MemoryLimitExceeded, RunStatus.TimeLimitExceeded, RunStatus.RuntimeError });
        Assert.InRange(elapsed, TimeSpan.Zero, Bound);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task The_hosts_files_are_not_there()
    {
        var serviceFile = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        Assert.True(File.Exists(serviceFile));
        var source = $$"""
            import os
            for path in ["/etc/passwd", "/etc/shadow", "/root", "/home", {{Quote(serviceFile)}}, {{Quote(runner.WorkDirectory)}}, "/proc/1/root/etc/passwd", "/sys/fs/cgroup"]:
                try:
                    if os.path.isdir(path):
                        print(path, "listed", os.listdir(path))
                    else:
                        print(path, "read", len(open(path, "rb").read()))
                except OSError as error:
                    print(path, "denied", type(error).__name__)
            print("processes", sorted(int(p) for p in os.listdir("/proc") if p.isdigit()))
            print("uid", os.getuid())
            """;
        var (response, _) = await TimedRunAsync(Language.Python, source);
        Assert.Equal(RunStatus.Completed, response.Status);
        var lines = response.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines.Take(8), line => Assert.Contains(" denied ", line, StringComparison.Ordinal));
        // Its own pid namespace: bubblewrap's init and the program, nothing of the host.
        Assert.Equal("processes [1, 2]", lines[8]);
        Assert.Equal("uid 65534", lines[9]);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task A_socket_reaches_nothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var source = $$"""
            import socket
            for host, port in [("127.0.0.1", {{port}}), ("1.1.1.1", 53), ("example.com", 80)]:
                try:
                    socket.create_connection((host, port), timeout=1).close()
                    print(host, "connected")
                except OSError as error:
                    print(host, "denied", type(error).__name__)
            """;
        var (response, _) = await TimedRunAsync(Language.Python, source);
        Assert.Equal(RunStatus.Completed, response.Status);
        Assert.All(response.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(" denied ", line, StringComparison.Ordinal));
        Assert.False(listener.Pending(), "the sandboxed program reached the host's loopback");
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Writes_outside_the_temporary_directory_are_refused()
    {
        const string source = """
            for path in ["/sandbox/main.py", "/sandbox/new.txt", "/usr/bin/evil", "/evil", "/proc/evil", "/dev/evil", "/tmp/ok.txt"]:
                try:
                    with open(path, "w") as f:
                        f.write("x")
                    print(path, "written")
                except OSError as error:
                    print(path, "denied", type(error).__name__)
            """;
        var (response, _) = await TimedRunAsync(Language.Python, source);
        Assert.Equal(RunStatus.Completed, response.Status);
        var lines = response.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines[..^1], line => Assert.Contains(" denied ", line, StringComparison.Ordinal));
        Assert.Equal("/tmp/ok.txt written", lines[^1]);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_cannot_be_written()
    {
        const string source = """
            with open("/tmp/big", "wb") as f:
                for _ in range(64):
                    f.write(b"x" * (1024 * 1024))
            """;
        var (response, elapsed) = await TimedRunAsync(Language.Python, source);
        Assert.NotEqual(RunStatus.Completed, response.Status);
        Assert.InRange(elapsed, TimeSpan.Zero, Bound);
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "print(input())\n", RunStatus.RuntimeError)]
    [InlineData(Language.Python, "import sys\nwhile True:\n    sys.stdin.readline()\n", RunStatus.TimeLimitExceeded)]
    [InlineData(Language.Javascript, "process.stdin.on('data', (d) => console.log(String(d)));\n", RunStatus.Completed)]
    public async Task A_program_waiting_on_stdin_gets_end_of_file(Language language, string source, RunStatus expected)
    {
        var (response, elapsed) = await TimedRunAsync(language, source);
        Assert.Equal(expected, response.Status);
        Assert.InRange(elapsed, TimeSpan.Zero, Bound);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Standard_input_reaches_the_program()
    {
        var response = await runner.RunAsync(Language.Python, "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n", stdin: "1 2 3\n4\n");
        Assert.Equal(RunStatus.Completed, response.Status);
        Assert.Equal("10\n", response.Stdout);
    }

    [Fact]
    public async Task A_source_of_one_megabyte_is_refused_naming_the_field_and_the_limit()
    {
        var source = "# " + new string('x', 1024 * 1024) + "\nprint(1)\n";
        var status = await CodeRunnerFixture.StatusOfAsync(() => runner.RunAsync(Language.Python, source));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("source: at most 65536 bytes of UTF-8 (was 1048588)", status.Detail);
        await runner.AssertServesNextRunAsync();
    }

    [Theory]
    [InlineData(Language.Python, "import sys\nsys.stdout.buffer.write(b'ok \\xff\\xfe \\xc3\\x28 end\\n')\n")]
    [InlineData(Language.Javascript, "process.stdout.write(Buffer.from([0x6f, 0x6b, 0x20, 0xff, 0xfe, 0x20, 0xc3, 0x28, 0x20, 0x65, 0x6e, 0x64, 0x0a]));\n")]
    public async Task Invalid_utf8_output_arrives_with_replacement_characters(Language language, string source)
    {
        var response = await runner.RunAsync(language, source);
        Assert.Equal(RunStatus.Completed, response.Status);
        Assert.StartsWith("ok \uFFFD\uFFFD \uFFFD( end", response.Stdout, StringComparison.Ordinal);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Invalid_utf8_in_the_source_is_an_invalid_argument()
    {
        // A hand-made message: language = 1, then field 2 (source), length 4, "ab" + 0xC3 0x28 (a broken sequence).
        var method = new Grpc.Core.Method<byte[], byte[]>(
            Grpc.Core.MethodType.Unary, "rehearse.coding.v1.CodeRunnerService", "RunCode",
            Grpc.Core.Marshallers.Create(bytes => bytes, bytes => bytes), Grpc.Core.Marshallers.Create(bytes => bytes, bytes => bytes));
        var invoker = runner.Channel.CreateCallInvoker();
        var status = await CodeRunnerFixture.StatusOfAsync(async () =>
            await invoker.AsyncUnaryCall(method, null, new Grpc.Core.CallOptions(cancellationToken: TestContext.Current.CancellationToken), [0x08, 0x01, 0x12, 0x04, (byte)'a', (byte)'b', 0xC3, 0x28]));
        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, status.StatusCode);
        Assert.Equal("request: the RunCodeRequest message could not be parsed: String is invalid UTF-8.", status.Detail);
        await runner.AssertServesNextRunAsync();
    }

    [Fact]
    public async Task Runs_beyond_the_concurrency_cap_are_refused_at_once()
    {
        var client = runner.CreateRunnerClient();
        var token = TestContext.Current.CancellationToken;
        var request = new RunCodeRequest { Language = Language.Python, Source = "import time\nprint('started', flush=True)\ntime.sleep(3)\n" };
        var running = new List<Grpc.Core.AsyncServerStreamingCall<StreamRunCodeResponse>>();
        for (var i = 0; i < CodeRunnerFixture.MaxConcurrentRuns; i++)
        {
            var call = client.StreamRunCode(request, cancellationToken: token);
            running.Add(call);
            // Wait until the run is inside the sandbox (its first output), so it holds its slot.
            var output = "";
            while (!output.Contains("started", StringComparison.Ordinal) && await call.ResponseStream.MoveNext(token))
            {
                output += call.ResponseStream.Current.Output?.Text;
            }
            Assert.Contains("started", output, StringComparison.Ordinal);
        }

        var stopwatch = Stopwatch.StartNew();
        var refused = await CodeRunnerFixture.StatusOfAsync(() => runner.RunAsync(Language.Python, "print(1)\n"));
        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("maximum of 2 programs", refused.Detail, StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"refusal took {stopwatch.Elapsed}");

        foreach (var call in running)
        {
            using (call)
            {
                var result = (await call.ResponseStream.ReadAllAsync(token).ToListAsync(token)).Last().Result;
                Assert.Equal(RunStatus.Completed, result.Status);
            }
        }
        await runner.AssertServesNextRunAsync();
    }

    private async Task<(RunCodeResponse Response, TimeSpan Elapsed)> TimedRunAsync(Language language, string source, TimeSpan? timeLimit = null)
    {
        var stopwatch = Stopwatch.StartNew();
        var response = await runner.RunAsync(language, source, timeLimit ?? ShortLimit);
        return (response, stopwatch.Elapsed);
    }

    private static string Quote(string path) => "\"" + path.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
