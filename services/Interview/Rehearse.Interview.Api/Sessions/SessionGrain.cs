using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Rehearse.Interview.Api.Grpc;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.V1;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// Hosts one session's <see cref="SessionActor"/> in the silo where the session is activated. The actor is loaded
/// from the store on first use, so a session whose silo went away resumes from its stored events wherever it is
/// next called; it is stopped (saving what it holds) when the grain deactivates: once idle for
/// <c>Interview:IdleSessionTimeout</c>, or when the silo shuts down.
/// </summary>
/// <remarks>
/// Reentrant: the actor orders its inputs through its own loop and is safe to call concurrently, so calls are
/// forwarded as they come. A waiting call (a typed answer, a control action, a long-poll for events) must not hold
/// up the others, as it never did when the actor was called directly. Placed in the silo that first calls it, so
/// the process a client reaches serves its session without a hop unless the session already runs elsewhere.
/// </remarks>
[Reentrant]
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class SessionGrain(
    LoadedSessions loaded,
    ISessionStore store,
    SessionExports exports,
    IOptions<InterviewOptions> options,
    TimeProvider clock,
    ILogger<SessionGrain> logger) : Grain, ISessionGrain, IIncomingGrainCallFilter
{
    private static readonly TimeSpan IdleCheckPeriod = TimeSpan.FromSeconds(10);

    private readonly Dictionary<long, Task<long>> _queuedAudio = [];
    private Task<SessionActor>? _loading;
    private SessionActor? _actor;
    private long _lastTicket;
    private int _starting;

    private Guid Id => this.GetPrimaryKey();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(CheckIdle, new GrainTimerCreationOptions { DueTime = IdleCheckPeriod, Period = IdleCheckPeriod, Interleave = true });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_actor is { } actor)
        {
            LogUnloading(logger, Id, reason.Description);
            _actor = null;
            await loaded.UnloadAsync(actor);
        }
    }

    /// <summary>Sends the engine's refusals as <see cref="SessionCallException"/>, which can cross silos.</summary>
    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        try
        {
            await context.Invoke();
        }
        catch (Exception e) when (SessionCallException.Carries(e))
        {
            throw SessionCallException.From(e);
        }
    }

    public async Task<GetSessionResponse> GetAsync(Guid userId, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        var response = new GetSessionResponse { Session = ProtoMapping.ToProto(actor.Snapshot()) };
        response.Turns.AddRange(actor.Turns.Select(ProtoMapping.ToProto));
        return response;
    }

    public async Task<long> OpenAsync(Guid userId, AudioFormat? outputFormat, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        if (outputFormat is not null)
        {
            actor.RequestOutputFormat(outputFormat);
        }
        return actor.Events.LastSequence;
    }

    public IAsyncEnumerable<SessionEvent> EventsAsync(Guid userId, long afterSequence, AudioFormat? outputFormat, CancellationToken cancellationToken) =>
        SessionCallException.Wrap(ReadEventsAsync(userId, afterSequence, outputFormat, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<SessionEvent> ReadEventsAsync(
        Guid userId, long afterSequence, AudioFormat? outputFormat, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        if (outputFormat is not null)
        {
            actor.RequestOutputFormat(outputFormat);
        }
        using var subscription = actor.Events.Subscribe(afterSequence);
        await foreach (var sessionEvent in subscription.ReadAllAsync(cancellationToken))
        {
            yield return sessionEvent;
        }
    }

    public async Task<Session> ControlAsync(Guid userId, ControlRequest request, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        if (request.Action != ControlAction.Start || actor.IsRunning)
        {
            await actor.ControlAsync(request.Action, cancellationToken);
            return ProtoMapping.ToProto(actor.Snapshot());
        }
        // Until the actor runs, IsRunningAsync answers true, so a start granted meanwhile cannot be counted out.
        _starting++;
        try
        {
            var limit = options.Value.MaxActiveSessionsPerUser;
            if (!await GrainFactory.GetGrain<IUserSessionsGrain>(actor.UserId).TryStartAsync(Id, limit))
            {
                throw new SessionLimitException(limit);
            }
            await actor.ControlAsync(request.Action, cancellationToken);
        }
        finally
        {
            _starting--;
        }
        return ProtoMapping.ToProto(actor.Snapshot());
    }

    public async Task<SendAudioResponse> SendAudioAsync(Guid userId, SendAudioRequest request, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        var acknowledged = await actor.SendAudioAsync(request.Audio.Memory, RequestValidation.InputFormat(request.Format, "format"), request.ChunkSequence, cancellationToken);
        return new SendAudioResponse { AcknowledgedChunkSequence = acknowledged };
    }

    public async Task<long> QueueAudioAsync(Guid userId, SendAudioRequest request, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        var taken = await actor.QueueAudioAsync(request.Audio.Memory, RequestValidation.InputFormat(request.Format, "format"), request.ChunkSequence, cancellationToken);
        var ticket = ++_lastTicket;
        _queuedAudio[ticket] = taken;
        return ticket;
    }

    public async Task<long> AudioTakenAsync(long ticket, CancellationToken cancellationToken)
    {
        if (!_queuedAudio.Remove(ticket, out var taken))
        {
            // The grain was reactivated since the audio was queued: that audio went with the old activation.
            throw new SessionUnavailableException("The session moved since this audio was sent; send it again.");
        }
        return await taken.WaitAsync(cancellationToken);
    }

    public async Task SendTextAsync(Guid userId, string text, CancellationToken cancellationToken) =>
        await (await ActorAsync(userId, cancellationToken)).SendTextAsync(text, cancellationToken);

    public async Task<RunCodeResponse> RunCodeAsync(Guid userId, RunCodeRequest request, bool submit, CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        var testSet = submit ? Rehearse.Coding.V1.TestSet.All : request.TestSet;
        var outcome = await actor.RunCodeAsync(request.Source, testSet, submit, output: null, cancellationToken);
        return new RunCodeResponse { Result = outcome.Result, Task = outcome.Task };
    }

    public IAsyncEnumerable<StreamRunCodeResponse> StreamRunCodeAsync(Guid userId, RunCodeRequest request, CancellationToken cancellationToken) =>
        SessionCallException.Wrap(ReadRunAsync(userId, request, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<StreamRunCodeResponse> ReadRunAsync(Guid userId, RunCodeRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var actor = await ActorAsync(userId, cancellationToken);
        var output = Channel.CreateUnbounded<StreamRunCodeResponse>(new UnboundedChannelOptions { SingleReader = true });
        _ = RunAsync();
        await foreach (var item in output.Reader.ReadAllAsync(cancellationToken))
        {
            yield return item;
        }

        async Task RunAsync()
        {
            try
            {
                var outcome = await actor.RunCodeAsync(request.Source, request.TestSet, submit: false,
                    (chunk, _) => output.Writer.WriteAsync(new StreamRunCodeResponse { Output = chunk }, CancellationToken.None).AsTask(),
                    cancellationToken);
                output.Writer.TryWrite(new StreamRunCodeResponse { Result = new RunCodeResponse { Result = outcome.Result, Task = outcome.Task } });
                output.Writer.TryComplete();
            }
            catch (Exception e)
            {
                output.Writer.TryComplete(e);
            }
        }
    }

    public async Task<Report> ReportAsync(Guid userId, CancellationToken cancellationToken) =>
        await exports.ReportAsync(await ActorAsync(userId, cancellationToken), cancellationToken);

    public async Task<ExportReportResponse> ExportReportAsync(Guid userId, ExportReportRequest request, CancellationToken cancellationToken)
    {
        var document = await exports.ExportReportAsync(await ActorAsync(userId, cancellationToken), request.Format, cancellationToken);
        return new ExportReportResponse { Content = Google.Protobuf.ByteString.CopyFrom(document.Content), ContentType = document.ContentType, FileName = document.FileName };
    }

    public async Task<ExportTranscriptResponse> ExportTranscriptAsync(Guid userId, ExportTranscriptRequest request, CancellationToken cancellationToken)
    {
        var document = exports.ExportTranscript(await ActorAsync(userId, cancellationToken), request.Format);
        return new ExportTranscriptResponse { Content = Google.Protobuf.ByteString.CopyFrom(document.Content), ContentType = document.ContentType, FileName = document.FileName };
    }

    public async Task FlushAsync(Guid userId, CancellationToken cancellationToken) =>
        await (await ActorAsync(userId, cancellationToken)).FlushAsync(cancellationToken);

    public async Task DeleteAsync(Guid userId, CancellationToken cancellationToken)
    {
        await ActorAsync(userId, cancellationToken);
        await UnloadAsync();
        if (!await store.DeleteSessionAsync(userId, Id, cancellationToken))
        {
            throw new SessionNotFoundException(Id);
        }
    }

    public async Task UnloadAsync()
    {
        _loading = null;
        if (_actor is { } actor)
        {
            _actor = null;
            await loaded.UnloadAsync(actor);
        }
        DeactivateOnIdle();
    }

    public Task<bool> IsRunningAsync() => Task.FromResult(_starting > 0 || _actor is { IsRunning: true });

    /// <summary>The session's actor, loaded on first use; someone else's session is as good as missing.</summary>
    private async Task<SessionActor> ActorAsync(Guid userId, CancellationToken cancellationToken)
    {
        var loading = _loading ??= LoadAsync();
        SessionActor actor;
        try
        {
            actor = await loading.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Not found, or the store failed: the next call tries again (a missing session's grain goes idle).
            if (_loading == loading)
            {
                _loading = null;
            }
            throw;
        }
        return actor.UserId == userId ? actor : throw new SessionNotFoundException(Id);
    }

    private async Task<SessionActor> LoadAsync()
    {
        var actor = await loaded.LoadAsync(Id, CancellationToken.None);
        _actor = actor;
        return actor;
    }

    /// <summary>
    /// Deactivates the grain once the session is idle (not running, nobody listening) for the idle timeout, and
    /// keeps it active otherwise, whatever Orleans' own collection age.
    /// </summary>
    private Task CheckIdle(CancellationToken cancellationToken)
    {
        if (_actor is not { } actor)
        {
            if (_loading is null)
            {
                DeactivateOnIdle();
            }
        }
        else if (actor.IsIdle && _starting == 0 && clock.GetUtcNow() - actor.LastActivity >= options.Value.IdleSessionTimeout)
        {
            DeactivateOnIdle();
        }
        else
        {
            DelayDeactivation(IdleCheckPeriod * 3);
        }
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Session {SessionId} unloading: {Reason}")]
    private static partial void LogUnloading(ILogger logger, Guid sessionId, string reason);
}
