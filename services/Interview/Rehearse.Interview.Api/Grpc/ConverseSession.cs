using Grpc.Core;
using Rehearse.Interview.Api.Sessions;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>
/// One Converse call: the session's events flow out while the candidate's audio, text and control actions flow
/// in. A request that does not fit the session's state (FAILED_PRECONDITION), meets an unavailable Speech service
/// (UNAVAILABLE) or is a START over the user's running-session limit (RESOURCE_EXHAUSTED) does not end the call: it
/// comes back as a live <c>rejected</c> notice. Audio is queued without waiting for the session to take it, so
/// whatever the session says of it comes back that way too. Malformed requests end the call with INVALID_ARGUMENT.
/// The call ends when the session finishes. The session's grain may run in another silo: inputs go to it in order,
/// one call after another.
/// </summary>
internal sealed class ConverseSession(ISessionGrain session, Guid sessionId, Guid userId, InterviewOptions limits)
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private long _lastSequence;

    /// <summary>Runs the call, sending the events after <paramref name="afterSequence"/>.</summary>
    public async Task RunAsync(
        ConverseStart start,
        long afterSequence,
        IAsyncStreamReader<ConverseRequest> requests,
        IServerStreamWriter<ConverseResponse> responses,
        CancellationToken cancellationToken)
    {
        _lastSequence = afterSequence;
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = EventStreaming.WriteAllAsync(session.EventsAsync(userId, afterSequence, null, call.Token), e => WriteAsync(responses, e, call.Token), call.Token);
        if (start.Start)
        {
            await session.ControlAsync(userId, new ControlRequest { SessionId = start.SessionId, Action = ControlAction.Start }, cancellationToken);
        }
        var inputs = ReadInputsAsync(start, requests, responses, call.Token);
        var first = await Task.WhenAny(events, inputs);
        if (first == events || inputs.IsFaulted)
        {
            await call.CancelAsync();
            await Task.WhenAll(events, inputs).ContinueWith(_ => { }, TaskScheduler.Default);
            await first;
            return;
        }
        // The client half-closed: keep sending events until the session finishes or the client goes away.
        await events;
    }

    private async Task ReadInputsAsync(ConverseStart start, IAsyncStreamReader<ConverseRequest> requests, IServerStreamWriter<ConverseResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var request in requests.ReadAllAsync(cancellationToken))
            {
                try
                {
                    switch (request.ConverseRequestCase)
                    {
                        case ConverseRequest.ConverseRequestOneofCase.Audio:
                            RequestValidation.Audio(request.Audio.Length, limits, "audio");
                            // Audio is queued in order but not waited for, so a control action that follows it is
                            // read at once even while the session waits for the speech service.
                            var ticket = await session.QueueAudioAsync(userId, new SendAudioRequest
                            {
                                SessionId = start.SessionId,
                                Audio = request.Audio,
                                Format = start.InputAudioFormat,
                            }, cancellationToken);
                            _ = RejectOnFailureAsync(session.AudioTakenAsync(ticket, cancellationToken), responses, cancellationToken);
                            break;
                        case ConverseRequest.ConverseRequestOneofCase.Text:
                            await session.SendTextAsync(userId, RequestValidation.Text(request.Text, limits, "text"), cancellationToken);
                            break;
                        case ConverseRequest.ConverseRequestOneofCase.Control:
                            if (request.Control == ControlAction.Unspecified || !Enum.IsDefined(request.Control))
                            {
                                throw RequestValidation.Invalid("control", "one of the CONTROL_ACTION values.");
                            }
                            await session.ControlAsync(userId, new ControlRequest { SessionId = start.SessionId, Action = request.Control }, cancellationToken);
                            break;
                        case ConverseRequest.ConverseRequestOneofCase.Start:
                            throw RequestValidation.Invalid("start", "only the first message may be a start message.");
                        default:
                            throw RequestValidation.Invalid("converse_request", "empty message.");
                    }
                }
                catch (Exception e) when (IsRejection(e))
                {
                    await RejectAsync(responses, e, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>A refusal that does not end the call: the session's state, speech unavailable for now, or the session limit.</summary>
    private static bool IsRejection(Exception e) => e is SessionStateException or SessionUnavailableException or SessionLimitException;

    private async Task RejectOnFailureAsync(Task<long> taken, IServerStreamWriter<ConverseResponse> responses, CancellationToken cancellationToken)
    {
        try
        {
            await taken;
        }
        catch (SessionException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Audio is not waited for, so whatever the session said of it comes back as a notice.
            try
            {
                await RejectAsync(responses, e, cancellationToken);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested)
            {
                // The call ended meanwhile.
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private Task RejectAsync(IServerStreamWriter<ConverseResponse> responses, Exception rejection, CancellationToken cancellationToken) =>
        WriteAsync(responses, new SessionEvent
        {
            Sequence = Interlocked.Read(ref _lastSequence),
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            SessionId = sessionId.ToString(),
            Notice = new Notice { Level = NoticeLevel.Warning, Code = "rejected", Message = rejection.Message },
        }, cancellationToken);

    private async Task WriteAsync(IServerStreamWriter<ConverseResponse> responses, SessionEvent sessionEvent, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await responses.WriteAsync(new ConverseResponse { Event = sessionEvent }, cancellationToken);
            if (sessionEvent.Notice?.Code != "rejected")
            {
                _lastSequence = Math.Max(_lastSequence, sessionEvent.Sequence);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
