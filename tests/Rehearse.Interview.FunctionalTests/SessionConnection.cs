using Google.Protobuf;
using Grpc.Core;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.FunctionalTests;

/// <summary>
/// A candidate's connection to a started session over either transport: the session's events come in, answer
/// audio and typed answers go out. Over gRPC-Web it is <c>StreamEvents</c> with unary sends, as a browser does;
/// over gRPC it is one <c>Converse</c> call.
/// </summary>
public abstract class SessionConnection : IAsyncDisposable
{
    private SessionConnection(SessionEvents events) => Events = events;

    /// <summary>The session's events.</summary>
    public SessionEvents Events { get; }

    /// <summary>Connects <paramref name="client"/> (made for <paramref name="transport"/>) to a session and starts it.</summary>
    public static async Task<SessionConnection> StartAsync(
        InterviewService.InterviewServiceClient client, string sessionId, Transport transport, CancellationToken cancellationToken)
    {
        if (transport == Transport.GrpcWeb)
        {
            var events = client.StreamEvents(new StreamEventsRequest { SessionId = sessionId }, cancellationToken: cancellationToken);
            var pair = new GrpcWebPair(client, sessionId, SessionEvents.From(events), events);
            await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: cancellationToken);
            return pair;
        }
        var call = client.Converse(cancellationToken: cancellationToken);
        await call.RequestStream.WriteAsync(new ConverseRequest { Start = new ConverseStart { SessionId = sessionId, Start = true } }, cancellationToken);
        return new ConverseCall(call);
    }

    /// <summary>
    /// Connects as a browser does (StreamEvents and unary sends) and starts the session; when the event stream
    /// fails (its server died, the session moved), it resumes after the last stored event and starts the session
    /// again, as a client continuing after a restart does, until it runs (so it continues from its current turn).
    /// </summary>
    public static async Task<SessionConnection> StartResumingAsync(
        InterviewService.InterviewServiceClient client, string sessionId, CancellationToken cancellationToken)
    {
        var events = SessionEvents.Resuming(
            (after, ct) => client.StreamEvents(new StreamEventsRequest { SessionId = sessionId, AfterSequence = after }, cancellationToken: ct),
            async ct =>
            {
                while (true)
                {
                    try
                    {
                        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: ct);
                        return;
                    }
                    catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
                    }
                }
            });
        await client.ControlAsync(new ControlRequest { SessionId = sessionId, Action = ControlAction.Start }, cancellationToken: cancellationToken);
        return new GrpcWebPair(client, sessionId, events, stream: null);
    }

    /// <summary>
    /// Sends a microphone chunk. A chunk the service refuses (the session has finished, or recognition is behind) is
    /// dropped as a browser drops it, and the microphone goes on: the stored answers show whether anything was lost.
    /// </summary>
    public abstract Task SendAudioAsync(ByteString audio, CancellationToken cancellationToken);

    /// <summary>Sends a typed answer.</summary>
    public abstract Task SendTextAsync(string text, CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync() => Events.DisposeAsync();

    private sealed class GrpcWebPair : SessionConnection
    {
        private readonly InterviewService.InterviewServiceClient _client;
        private readonly string _sessionId;
        private readonly IDisposable? _stream;
        private long _chunk;

        public GrpcWebPair(InterviewService.InterviewServiceClient client, string sessionId, SessionEvents events, IDisposable? stream)
            : base(events)
        {
            _client = client;
            _sessionId = sessionId;
            _stream = stream;
        }

        public override async Task SendAudioAsync(ByteString audio, CancellationToken cancellationToken)
        {
            try
            {
                await _client.SendAudioAsync(new SendAudioRequest { SessionId = _sessionId, Audio = audio, ChunkSequence = ++_chunk }, cancellationToken: cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.FailedPrecondition or StatusCode.Unavailable)
            {
            }
        }

        public override async Task SendTextAsync(string text, CancellationToken cancellationToken) =>
            await _client.SendTextAsync(new SendTextRequest { SessionId = _sessionId, Text = text }, cancellationToken: cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _stream?.Dispose();
        }
    }

    private sealed class ConverseCall : SessionConnection
    {
        private readonly AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> _call;
        // One write at a time on the request stream (the microphone and typed answers may overlap).
        private readonly SemaphoreSlim _writing = new(1, 1);

        public ConverseCall(AsyncDuplexStreamingCall<ConverseRequest, ConverseResponse> call)
            : base(SessionEvents.From(call)) => _call = call;

        public override async Task SendAudioAsync(ByteString audio, CancellationToken cancellationToken)
        {
            // Refusals come back as "rejected" notices on the stream; the call itself ends when the session finishes.
            try
            {
                await WriteAsync(new ConverseRequest { Audio = audio }, cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or RpcException && EndedWithTheSession())
            {
            }
        }

        public override Task SendTextAsync(string text, CancellationToken cancellationToken) =>
            WriteAsync(new ConverseRequest { Text = text }, cancellationToken);

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            _call.Dispose();
            _writing.Dispose();
        }

        private async Task WriteAsync(ConverseRequest request, CancellationToken cancellationToken)
        {
            await _writing.WaitAsync(cancellationToken);
            try
            {
                await _call.RequestStream.WriteAsync(request, cancellationToken);
            }
            finally
            {
                _writing.Release();
            }
        }

        private bool EndedWithTheSession()
        {
            try
            {
                return _call.GetStatus().StatusCode == StatusCode.OK;
            }
            catch (InvalidOperationException)
            {
                // Still running: the write failed for another reason.
                return false;
            }
        }
    }
}
