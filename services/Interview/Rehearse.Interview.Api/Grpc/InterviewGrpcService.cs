using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.Api.Limits;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>The <c>rehearse.interview.v1.InterviewService</c> surface: thin adapters over the sessions and the store.</summary>
[BindServiceMethod(typeof(InterviewGrpcService), nameof(BindService))]
internal sealed class InterviewGrpcService(
    SessionManager sessions,
    SessionCreator creator,
    ISessionStore store,
    UserDirectory users,
    SessionExports exports,
    SpeechGateway speech,
    VoicePreviewCache previews,
    IInterviewerFactory interviewers,
    QuestionBankCatalog catalog,
    IOptions<InterviewOptions> options,
    IOptions<RateLimitOptions> rateLimits) : InterviewService.InterviewServiceBase
{
    /// <summary>Binds the rpcs so that a request the protobuf runtime cannot parse is answered with INVALID_ARGUMENT.</summary>
    public static void BindService(ServiceBinderBase binder, InterviewService.InterviewServiceBase? service) =>
        InterviewService.BindService(new MalformedRequestBinder(binder), service);

    private const int DefaultPageSize = 20;
    private const int MaxPageSize = 100;

    private InterviewOptions Limits => options.Value;

    public override async Task<GetSetupOptionsResponse> GetSetupOptions(GetSetupOptionsRequest request, ServerCallContext context)
    {
        var response = new GetSetupOptionsResponse
        {
            DefaultVoice = Limits.DefaultVoice,
            DefaultEngine = ProtoMapping.ToProto(interviewers.DefaultEngine),
            DocumentLimits = new DocumentLimits
            {
                MaxTextCharacters = Limits.MaxDocumentCharacters,
                MaxPdfBytes = Limits.MaxDocumentPdfBytes,
            },
        };
        foreach (var role in catalog.Roles)
        {
            var option = new RoleOption { Id = role.Id, DisplayName = role.DisplayName };
            option.InterviewTypes.AddRange(role.Kinds.Select(ProtoMapping.ToProto));
            response.Roles.Add(option);
        }
        foreach (var engine in interviewers.Engines)
        {
            response.Engines.Add(new EngineOption
            {
                Engine = ProtoMapping.ToProto(engine.Engine),
                DisplayName = engine.DisplayName,
                Available = engine.Available,
                UnavailableReason = engine.UnavailableReason ?? "",
            });
        }
        try
        {
            foreach (var voice in await speech.ListVoicesAsync(context.CancellationToken))
            {
                response.Voices.Add(new VoiceOption
                {
                    Id = voice.Id,
                    DisplayName = voice.DisplayName,
                    Gender = voice.Gender switch
                    {
                        Rehearse.Speech.V1.VoiceGender.Female => "female",
                        Rehearse.Speech.V1.VoiceGender.Male => "male",
                        _ => "",
                    },
                });
            }
        }
        catch (RpcException e) when (SpeechGateway.IsOutage(e))
        {
            // Without the Speech service the set-up page still works for text-only interviews; voices stay empty.
        }
        return response;
    }

    public override async Task<PreviewVoiceResponse> PreviewVoice(PreviewVoiceRequest request, ServerCallContext context)
    {
        RequestFields.Text(request.Voice, "voice", SessionCreator.MaxVoiceCharacters);
        try
        {
            var wav = await previews.GetAsync(request.Voice, context.CancellationToken);
            return new PreviewVoiceResponse { Wav = Google.Protobuf.ByteString.CopyFrom(wav), Text = VoicePreviewCache.Text };
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
        {
            throw RequestValidation.Invalid("voice", e.Status.Detail);
        }
        catch (RpcException e) when (SpeechGateway.IsOutage(e))
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "The Speech service is unavailable; retry shortly."));
        }
    }

    public override async Task<CreateSessionResponse> CreateSession(CreateSessionRequest request, ServerCallContext context)
    {
        await CheckVoiceAsync(request.Config?.Voice, context.CancellationToken);
        var cap = rateLimits.Value.MaxSessionsPerUser;
        if (await store.CountSessionsAsync(context.UserId(), context.CancellationToken) >= cap)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"This API key has {cap} stored sessions, the most allowed (RateLimits:MaxSessionsPerUser): delete old sessions to create new ones."));
        }
        var summary = await creator.CreateAsync(context.UserId(), request.Config, context.CancellationToken);
        return new CreateSessionResponse { Session = ProtoMapping.ToProto(summary) };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        var response = new GetSessionResponse { Session = ProtoMapping.ToProto(actor.Snapshot()) };
        response.Turns.AddRange(actor.Turns.Select(ProtoMapping.ToProto));
        return response;
    }

    public override async Task<ListSessionsResponse> ListSessions(ListSessionsRequest request, ServerCallContext context)
    {
        var pageSize = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw RequestValidation.Invalid("page_size", $"{request.PageSize} is outside 1 to {MaxPageSize}.");
        }
        SessionCursor? after = null;
        if (!string.IsNullOrEmpty(request.PageToken))
        {
            if (request.PageToken.Length > RequestValidation.MaxPageTokenCharacters)
            {
                throw RequestValidation.Invalid("page_token", $"{request.PageToken.Length} characters is more than the limit of {RequestValidation.MaxPageTokenCharacters}.");
            }
            after = PageToken.Parse(request.PageToken) ?? throw RequestValidation.Invalid("page_token", "not a token from a previous page.");
        }
        var (page, next) = await store.ListSessionsAsync(context.UserId(), pageSize, after, context.CancellationToken);
        var response = new ListSessionsResponse { NextPageToken = next is { } cursor ? PageToken.Format(cursor) : "" };
        // A session running here is fresher in memory than in the database.
        response.Sessions.AddRange(page.Select(s => ProtoMapping.ToProto(sessions.Loaded(s.Id)?.Snapshot() ?? s)));
        return response;
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        await actor.ControlAsync(ControlAction.End, context.CancellationToken);
        return new EndSessionResponse { Session = ProtoMapping.ToProto(actor.Snapshot()) };
    }

    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        await sessions.UnloadAsync(actor.Id);
        if (!await store.DeleteSessionAsync(context.UserId(), actor.Id, context.CancellationToken))
        {
            throw new SessionNotFoundException(actor.Id);
        }
        return new DeleteSessionResponse();
    }

    public override async Task<DeleteUserDataResponse> DeleteUserData(DeleteUserDataRequest request, ServerCallContext context)
    {
        var userId = context.UserId();
        await sessions.UnloadUserAsync(userId);
        var deleted = await store.DeleteUserAsync(userId, context.CancellationToken);
        // The key's next call looks the key up again: a new user, or refused where keys must be registered.
        users.Forget(userId);
        return new DeleteUserDataResponse { DeletedSessions = deleted };
    }

    public override async Task Converse(
        IAsyncStreamReader<ConverseRequest> requestStream, IServerStreamWriter<ConverseResponse> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken) || requestStream.Current.Start is not { } start)
        {
            throw RequestValidation.Invalid("start", "the first message must be a start message.");
        }
        var actor = await Actor(start.SessionId, context, "start.session_id");
        var input = RequestValidation.InputFormat(start.InputAudioFormat, "start.input_audio_format");
        if (RequestValidation.OutputFormat(start.OutputAudioFormat, "start.output_audio_format") is { } output)
        {
            actor.RequestOutputFormat(output);
        }
        await new ConverseSession(sessions, actor, input, Limits).RunAsync(start, requestStream, responseStream, context.CancellationToken);
    }

    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<StreamEventsResponse> responseStream, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        if (RequestValidation.OutputFormat(request.OutputAudioFormat, "output_audio_format") is { } output)
        {
            actor.RequestOutputFormat(output);
        }
        using var subscription = actor.Events.Subscribe(request.AfterSequence);
        await EventStreaming.WriteAllAsync(
            subscription,
            e => responseStream.WriteAsync(new StreamEventsResponse { Event = e }, context.CancellationToken),
            context.CancellationToken);
    }

    public override async Task<SendAudioResponse> SendAudio(SendAudioRequest request, ServerCallContext context)
    {
        RequestValidation.Audio(request.Audio.Length, Limits, "audio");
        var format = RequestValidation.InputFormat(request.Format, "format");
        var actor = await Actor(request.SessionId, context);
        var acknowledged = await actor.SendAudioAsync(request.Audio.Memory, format, request.ChunkSequence, context.CancellationToken);
        return new SendAudioResponse { AcknowledgedChunkSequence = acknowledged };
    }

    public override async Task<SendTextResponse> SendText(SendTextRequest request, ServerCallContext context)
    {
        var text = RequestValidation.Text(request.Text, Limits, "text");
        var actor = await Actor(request.SessionId, context);
        await actor.SendTextAsync(text, context.CancellationToken);
        return new SendTextResponse();
    }

    public override async Task<ControlResponse> Control(ControlRequest request, ServerCallContext context)
    {
        if (request.Action == ControlAction.Unspecified || !Enum.IsDefined(request.Action))
        {
            throw RequestValidation.Invalid("action", "required: one of the CONTROL_ACTION values.");
        }
        var actor = await Actor(request.SessionId, context);
        await sessions.ControlAsync(actor, request.Action, context.CancellationToken);
        return new ControlResponse { Session = ProtoMapping.ToProto(actor.Snapshot()) };
    }

    public override async Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        return new GetReportResponse { Report = await exports.ReportAsync(actor, context.CancellationToken) };
    }

    public override async Task<ExportReportResponse> ExportReport(ExportReportRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        var document = await exports.ExportReportAsync(actor, request.Format, context.CancellationToken);
        return new ExportReportResponse { Content = Google.Protobuf.ByteString.CopyFrom(document.Content), ContentType = document.ContentType, FileName = document.FileName };
    }

    public override async Task<ExportTranscriptResponse> ExportTranscript(ExportTranscriptRequest request, ServerCallContext context)
    {
        var actor = await Actor(request.SessionId, context);
        var document = exports.ExportTranscript(actor, request.Format);
        return new ExportTranscriptResponse { Content = Google.Protobuf.ByteString.CopyFrom(document.Content), ContentType = document.ContentType, FileName = document.FileName };
    }

    /// <summary>
    /// Refuses a voice the Speech service does not have. Without the Speech service the voice cannot be checked and is
    /// accepted: synthesis falls back to the service's default voice when it is back.
    /// </summary>
    private async Task CheckVoiceAsync(string? voice, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(voice))
        {
            return;
        }
        RequestFields.Text(voice, "config.voice", SessionCreator.MaxVoiceCharacters);
        try
        {
            var voices = await speech.ListVoicesAsync(cancellationToken);
            if (!voices.Any(v => v.Id == voice.Trim()))
            {
                throw RequestValidation.Invalid("config.voice", $"'{RequestFields.Quote(voice)}' is not a voice of this server; see GetSetupOptions.");
            }
        }
        catch (RpcException e) when (SpeechGateway.IsOutage(e))
        {
        }
    }

    private Task<SessionActor> Actor(string sessionId, ServerCallContext context, string field = "session_id") =>
        sessions.GetAsync(context.UserId(), RequestValidation.SessionId(sessionId, field), context.CancellationToken);
}
