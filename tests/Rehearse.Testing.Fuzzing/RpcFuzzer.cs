using System.Collections.Concurrent;
using System.Diagnostics;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Health.V1;

namespace Rehearse.Testing.Fuzzing;

/// <summary>What a fuzz run sends.</summary>
public sealed record FuzzOptions
{
    /// <summary>Calls to make, spread evenly over the service's rpcs.</summary>
    public int Calls { get; init; } = 1000;

    /// <summary>The run's seed: with the same seed and call count, the same messages are sent.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Deadline of every call, well above the time any of them should take: a call that reaches it has hung.
    /// </summary>
    public TimeSpan CallDeadline { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Calls in flight at once.</summary>
    public int Concurrency { get; init; } = 4;

    /// <summary>
    /// Rpcs whose response stream stays open by contract while their subject lives (a session's events): the
    /// client listens for <see cref="StreamListen"/> from the start and then cancels, and the call counts as open.
    /// </summary>
    public IReadOnlySet<string> OpenEndedStreams { get; init; } = new HashSet<string>();

    /// <summary>
    /// How long the client listens to a response stream once it has a response (the server is demonstrably
    /// working: a long text being spoken) or, for an open-ended one, from the start; it then cancels, and the call
    /// counts as open, not hung.
    /// </summary>
    public TimeSpan StreamListen { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Where the run's string fields draw known identifiers from.</summary>
    public FuzzValues Values { get; init; } = new();
}

/// <summary>How one call ended.</summary>
/// <param name="Case">What was sent.</param>
/// <param name="Status">Its status; for a stream the client cancelled after listening, <see cref="StatusCode.OK"/>.</param>
/// <param name="Detail">The status message.</param>
/// <param name="Latency">From the call's start to its end.</param>
/// <param name="Hung">It reached its deadline.</param>
/// <param name="LeftOpen">A response stream still open when the client stopped listening and cancelled it.</param>
public sealed record CallOutcome(FuzzCase Case, StatusCode Status, string Detail, TimeSpan Latency, bool Hung, bool LeftOpen)
{
    /// <summary>
    /// A status the service did not choose: UNKNOWN (an unhandled exception), INTERNAL, a hang, or CANCELLED
    /// and DATA_LOSS when the client did not cancel (the server reset the call).
    /// </summary>
    public bool IsFailure => Hung || Status is StatusCode.Unknown or StatusCode.Internal or StatusCode.Cancelled or StatusCode.DataLoss;

    /// <summary>The failure for a report, with what it takes to replay it.</summary>
    public string Describe() =>
        $"{(Hung ? "HANG" : Status.ToString().ToUpperInvariant())} after {Latency.TotalMilliseconds:F0} ms: {Detail}{Environment.NewLine}{Case.Describe()}";
}

/// <summary>
/// Sends fuzzed requests on every rpc of a gRPC service, enumerated from its descriptor (a new rpc is fuzzed
/// without being named), as raw bytes, so that malformed protobuf reaches the server as it was made.
/// </summary>
public sealed class RpcFuzzer(FuzzChannels channels, ServiceDescriptor service, FuzzOptions options)
{
    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    /// <summary>The service's rpcs, in declaration order.</summary>
    public IReadOnlyList<MethodDescriptor> Methods => [.. service.Methods];

    /// <summary>Makes <see cref="FuzzOptions.Calls"/> calls, round robin over the rpcs, and returns how each ended.</summary>
    public async Task<FuzzResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var outcomes = new ConcurrentBag<CallOutcome>();
        await Parallel.ForAsync(0L, options.Calls, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = cancellationToken },
            async (index, _) =>
            {
                var method = service.Methods[(int)(index % service.Methods.Count)];
                var outcome = await CallAsync(FuzzCase.Create(method, FuzzCase.SeedOf(options.Seed, index), options.Values));
                // Only failures keep their bytes: a long run's messages would not fit in memory.
                outcomes.Add(outcome.IsFailure ? outcome : outcome with { Case = outcome.Case.WithoutBytes() });
            });
        return new FuzzResult(service, [.. outcomes]);
    }

    /// <summary>Sends one case and waits for its end (for replaying a failure).</summary>
    public async Task<CallOutcome> CallAsync(FuzzCase fuzzCase)
    {
        using var listening = new CancellationTokenSource();
        var watch = Stopwatch.StartNew();
        try
        {
            // The deadline ends any call the server keeps; a call still not ended well after it is stuck in the
            // client or the connection, and is reported with its case instead of stalling the run.
            return await CallCoreAsync(fuzzCase, listening, watch).WaitAsync(options.CallDeadline + UnendedCallGrace);
        }
        catch (TimeoutException)
        {
            await listening.CancelAsync();
            return new CallOutcome(fuzzCase, StatusCode.DeadlineExceeded,
                $"the call had not ended {UnendedCallGrace.TotalSeconds:F0} s after its deadline", watch.Elapsed, Hung: true, LeftOpen: false);
        }
    }

    private static readonly TimeSpan UnendedCallGrace = TimeSpan.FromSeconds(30);

    private async Task<CallOutcome> CallCoreAsync(FuzzCase fuzzCase, CancellationTokenSource listening, Stopwatch watch)
    {
        if (!FuzzChannels.NeedsOwnConnection(fuzzCase.Method, fuzzCase.Messages))
        {
            return await CallCoreAsync(channels.SharedInvoker, fuzzCase, listening, watch);
        }
        var (invoker, connection) = channels.OpenOwn();
        using (connection)
        {
            return await CallCoreAsync(invoker, fuzzCase, listening, watch);
        }
    }

    private async Task<CallOutcome> CallCoreAsync(CallInvoker invoker, FuzzCase fuzzCase, CancellationTokenSource listening, Stopwatch watch)
    {
        var method = fuzzCase.Method;
        var raw = new Method<byte[], byte[]>(TypeOf(method), service.FullName, method.Name, Raw, Raw);
        if (options.OpenEndedStreams.Contains(method.Name))
        {
            listening.CancelAfter(options.StreamListen);
        }
        var call = new CallOptions(deadline: DateTime.UtcNow + options.CallDeadline, cancellationToken: listening.Token);
        try
        {
            var messages = fuzzCase.Messages;
            switch (raw.Type)
            {
                case MethodType.Unary:
                    await invoker.AsyncUnaryCall(raw, null, call, messages[0]);
                    break;
                case MethodType.ServerStreaming:
                    using (var streaming = invoker.AsyncServerStreamingCall(raw, null, call, messages[0]))
                    {
                        await ReadAllAsync(streaming.ResponseStream, listening, options.StreamListen);
                    }
                    break;
                case MethodType.ClientStreaming:
                    using (var streaming = invoker.AsyncClientStreamingCall(raw, null, call))
                    {
                        await SendUntilAnsweredAsync(streaming.RequestStream, messages, streaming.ResponseAsync);
                        await streaming.ResponseAsync;
                    }
                    break;
                case MethodType.DuplexStreaming:
                    using (var streaming = invoker.AsyncDuplexStreamingCall(raw, null, call))
                    {
                        // Responses are read while requests are written, so neither side waits on flow control.
                        var reading = ReadAllAsync(streaming.ResponseStream, listening, options.StreamListen);
                        await SendUntilAnsweredAsync(streaming.RequestStream, messages, reading);
                        await reading;
                    }
                    break;
            }
            return new CallOutcome(fuzzCase, StatusCode.OK, "", watch.Elapsed, Hung: false, LeftOpen: false);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && listening.IsCancellationRequested)
        {
            return new CallOutcome(fuzzCase, StatusCode.OK, "left open; cancelled by the client", watch.Elapsed, Hung: false, LeftOpen: true);
        }
        catch (RpcException e)
        {
            var hung = e.StatusCode == StatusCode.DeadlineExceeded && watch.Elapsed >= options.CallDeadline * 0.95;
            return new CallOutcome(fuzzCase, e.StatusCode, e.Status.Detail, watch.Elapsed, hung, LeftOpen: false);
        }
    }

    /// <summary>What the gRPC health check of the server behind <paramref name="invoker"/> answers.</summary>
    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(CallInvoker invoker)
    {
        var health = new Health.HealthClient(invoker);
        var response = await health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(10));
        return response.Status;
    }

    private static MethodType TypeOf(MethodDescriptor method) => (method.IsClientStreaming, method.IsServerStreaming) switch
    {
        (false, false) => MethodType.Unary,
        (false, true) => MethodType.ServerStreaming,
        (true, false) => MethodType.ClientStreaming,
        (true, true) => MethodType.DuplexStreaming,
    };

    private static async Task ReadAllAsync(IAsyncStreamReader<byte[]> responses, CancellationTokenSource listening, TimeSpan listen)
    {
        var first = true;
        while (await responses.MoveNext(CancellationToken.None))
        {
            if (first)
            {
                listening.CancelAfter(listen);
                first = false;
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="messages"/> until they are all sent or the call has its answer. .NET's HTTP/2 client can
    /// leave a write pending for good once the server has answered and the connection has closed (see
    /// <see cref="FuzzChannels"/>); the answer is the call's outcome, and disposing the call frees the write.
    /// </summary>
    private static async Task SendUntilAnsweredAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> messages, Task answer)
    {
        var sending = WriteAllAsync(requests, messages);
        await Task.WhenAny(sending, answer);
    }

    private static async Task WriteAllAsync(IClientStreamWriter<byte[]> requests, IReadOnlyList<byte[]> messages)
    {
        try
        {
            foreach (var message in messages)
            {
                await requests.WriteAsync(message);
            }
            await requests.CompleteAsync();
        }
        catch (Exception)
        {
            // The call ended before everything was sent (the server chose a status, the connection failed, or the
            // call was disposed with a write pending): the call's status comes with the response.
        }
    }
}
