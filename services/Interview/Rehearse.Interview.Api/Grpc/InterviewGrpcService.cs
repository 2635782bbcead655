using Grpc.Core;
using Microsoft.Extensions.Options;
using Rehearse.Interview.Api.Identity;
using Rehearse.Interview.Api.Limits;
using Rehearse.Interview.Api.Sessions;
using Rehearse.Interview.Api.Speech;
using Rehearse.Interview.Core.Coding;
using Rehearse.Interview.Core.Contracts;
using Rehearse.Interview.Core.Errors;
using Rehearse.Interview.Core.Sessions;
using Rehearse.Interview.Core.Storage;
using Rehearse.Interview.Interviewers.QuestionBanks;
using Rehearse.Interview.Interviewers;
using Rehearse.Interview.V1;
using RunCodeRequest = Rehearse.Interview.V1.RunCodeRequest;
using RunCodeResponse = Rehearse.Interview.V1.RunCodeResponse;
using StreamRunCodeResponse = Rehearse.Interview.V1.StreamRunCodeResponse;
using Rehearse.ServiceDefaults;

namespace Rehearse.Interview.Api.Grpc;

/// <summary>The <c>rehearse.interview.v1.InterviewService</c> surface: thin adapters over the sessions and the store.</summary>
[BindServiceMethod(typeof(InterviewGrpcService), nameof(BindService))]
internal sealed class InterviewGrpcService(
    IGrainFactory grains,
    LoadedSessions loaded,
    SessionCreator creator,
    ISessionStore store,
    UserDirectory users,
    SpeechGateway speech,
    VoicePreviewCache previews,
    IInterviewerFactory interviewers,
    ICodeRunnerPort codeRunner,
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
        if (codeRunner.Configured)
        {
            try
            {
                var problems = await codeRunner.ListProblemsAsync(context.CancellationToken);
                response.CodingLanguages.AddRange(problems.SelectMany(p => p.Languages).Distinct().Order());
                response.CodingAvailable = response.CodingLanguages.Count > 0;
            }
            catch (SessionUnavailableException)
            {
                // A code runner that is down offers no coding questions until it is back.
            }
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
        var summary = request.RedoQuestion is { } redo
            ? await CreateRedoAsync(redo, request.Config, context)
            : await creator.CreateAsync(context.UserId(), request.Config, context.CancellationToken);
        return new CreateSessionResponse { Session = ProtoMapping.ToProto(summary) };
    }

    public override async Task<GetSessionResponse> GetSession(GetSessionRequest request, ServerCallContext context)
    {
        return await Grain(request.SessionId).GetAsync(context.UserId(), context.CancellationToken);
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
        // A session running in this process is fresher in memory than in the database; one running in another
        // silo is as fresh as its last write.
        response.Sessions.AddRange(page.Select(s => ProtoMapping.ToProto(loaded.Find(s.Id)?.Snapshot() ?? s)));
        return response;
    }

    public override async Task<EndSessionResponse> EndSession(EndSessionRequest request, ServerCallContext context)
    {
        var session = await Grain(request.SessionId).ControlAsync(
            context.UserId(), new ControlRequest { SessionId = request.SessionId, Action = ControlAction.End }, context.CancellationToken);
        return new EndSessionResponse { Session = session };
    }

    public override async Task<DeleteSessionResponse> DeleteSession(DeleteSessionRequest request, ServerCallContext context)
    {
        await Grain(request.SessionId).DeleteAsync(context.UserId(), context.CancellationToken);
        return new DeleteSessionResponse();
    }

    public override async Task<DeleteUserDataResponse> DeleteUserData(DeleteUserDataRequest request, ServerCallContext context)
    {
        var userId = context.UserId();
        await UnloadSessionsOfAsync(userId, context.CancellationToken);
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
        var sessionId = RequestValidation.SessionId(start.SessionId, "start.session_id");
        RequestValidation.InputFormat(start.InputAudioFormat, "start.input_audio_format");
        var output = RequestValidation.OutputFormat(start.OutputAudioFormat, "start.output_audio_format");
        var session = grains.GetGrain<ISessionGrain>(sessionId);
        var latest = await session.OpenAsync(context.UserId(), output, context.CancellationToken);
        await new ConverseSession(session, sessionId, context.UserId(), Limits)
            .RunAsync(start, start.AfterSequence == 0 ? latest : start.AfterSequence, requestStream, responseStream, context.CancellationToken);
    }

    public override async Task StreamEvents(StreamEventsRequest request, IServerStreamWriter<StreamEventsResponse> responseStream, ServerCallContext context)
    {
        var session = Grain(request.SessionId);
        var output = RequestValidation.OutputFormat(request.OutputAudioFormat, "output_audio_format");
        await EventStreaming.WriteAllAsync(
            session.EventsAsync(context.UserId(), request.AfterSequence, output, context.CancellationToken),
            e => responseStream.WriteAsync(new StreamEventsResponse { Event = e }, context.CancellationToken),
            context.CancellationToken);
    }

    public override async Task<SendAudioResponse> SendAudio(SendAudioRequest request, ServerCallContext context)
    {
        RequestValidation.Audio(request.Audio.Length, Limits, "audio");
        RequestValidation.InputFormat(request.Format, "format");
        return await Grain(request.SessionId).SendAudioAsync(context.UserId(), request, context.CancellationToken);
    }

    public override async Task<SendTextResponse> SendText(SendTextRequest request, ServerCallContext context)
    {
        var text = RequestValidation.Text(request.Text, Limits, "text");
        await Grain(request.SessionId).SendTextAsync(context.UserId(), text, context.CancellationToken);
        return new SendTextResponse();
    }

    public override async Task<ControlResponse> Control(ControlRequest request, ServerCallContext context)
    {
        if (request.Action == ControlAction.Unspecified || !Enum.IsDefined(request.Action))
        {
            throw RequestValidation.Invalid("action", "required: one of the CONTROL_ACTION values.");
        }
        return new ControlResponse { Session = await Grain(request.SessionId).ControlAsync(context.UserId(), request, context.CancellationToken) };
    }

    public override async Task<GetReportResponse> GetReport(GetReportRequest request, ServerCallContext context)
    {
        return new GetReportResponse { Report = await Grain(request.SessionId).ReportAsync(context.UserId(), context.CancellationToken) };
    }

    public override async Task<ExportReportResponse> ExportReport(ExportReportRequest request, ServerCallContext context)
    {
        return await Grain(request.SessionId).ExportReportAsync(context.UserId(), request, context.CancellationToken);
    }

    public override async Task<ExportTranscriptResponse> ExportTranscript(ExportTranscriptRequest request, ServerCallContext context)
    {
        return await Grain(request.SessionId).ExportTranscriptAsync(context.UserId(), request, context.CancellationToken);
    }

    public override async Task<RunCodeResponse> RunCode(RunCodeRequest request, ServerCallContext context)
    {
        RequestFields.Enum(request.TestSet, "test_set");
        Source(request.Source);
        return await Grain(request.SessionId).RunCodeAsync(context.UserId(), request, submit: false, context.CancellationToken);
    }

    public override async Task StreamRunCode(RunCodeRequest request, IServerStreamWriter<StreamRunCodeResponse> responseStream, ServerCallContext context)
    {
        RequestFields.Enum(request.TestSet, "test_set");
        Source(request.Source);
        var run = Grain(request.SessionId).StreamRunCodeAsync(context.UserId(), request, context.CancellationToken);
        await foreach (var item in SessionCallException.Unwrap(run, context.CancellationToken))
        {
            await responseStream.WriteAsync(item, context.CancellationToken);
        }
    }

    public override async Task<SubmitCodeResponse> SubmitCode(SubmitCodeRequest request, ServerCallContext context)
    {
        Source(request.Source);
        var run = new RunCodeRequest { SessionId = request.SessionId, Source = request.Source };
        var outcome = await Grain(request.SessionId).RunCodeAsync(context.UserId(), run, submit: true, context.CancellationToken);
        return new SubmitCodeResponse { Result = outcome.Result, Task = outcome.Task };
    }

    /// <summary>The code to run; its size and encoding are the code runner's to check, with its limits.</summary>
    private static void Source(string source)
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw RequestValidation.Invalid("source", "required: the code to run.");
        }
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

    private async Task<SessionSummary> CreateRedoAsync(RedoQuestion redo, SessionConfig? config, ServerCallContext context)
    {
        // Through the actor: the earlier session must be the caller's, and its latest state is the actor's.
        var sourceId = RequestValidation.SessionId(redo.SessionId, "redo_question.session_id");
        await grains.GetGrain<ISessionGrain>(sourceId).FlushAsync(context.UserId(), context.CancellationToken);
        var stored = await store.LoadSessionAsync(sourceId, context.CancellationToken)
            ?? throw new SessionNotFoundException(sourceId);
        return await creator.CreateRedoAsync(context.UserId(), stored, redo.QuestionIndex, config, context.CancellationToken);
    }

    private ISessionGrain Grain(string sessionId) => grains.GetGrain<ISessionGrain>(RequestValidation.SessionId(sessionId));

    /// <summary>Stops every session of a user, in whichever silo it runs, so none writes after the user's data is deleted.</summary>
    private async Task UnloadSessionsOfAsync(Guid userId, CancellationToken cancellationToken)
    {
        SessionCursor? after = null;
        do
        {
            var (page, next) = await store.ListSessionsAsync(userId, MaxPageSize, after, cancellationToken);
            await Task.WhenAll(page.Select(s => grains.GetGrain<ISessionGrain>(s.Id).UnloadAsync()));
            after = next;
        }
        while (after is not null);
    }
}
