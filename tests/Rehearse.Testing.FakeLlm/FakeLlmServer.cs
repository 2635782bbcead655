using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rehearse.Testing.FakeLlm;

/// <summary>One reply of the fake server.</summary>
/// <param name="Content">The assistant's text (streamed in pieces when the request streams).</param>
/// <param name="StatusCode">HTTP status; anything but 200 sends an OpenAI-style error body.</param>
/// <param name="RetryAfter">Retry-After header for errors.</param>
/// <param name="Delay">Wait before answering (longer than the client's timeout makes a timeout).</param>
public sealed record FakeLlmReply(string Content, int StatusCode = 200, TimeSpan? RetryAfter = null, TimeSpan? Delay = null)
{
    /// <summary>A successful reply.</summary>
    public static FakeLlmReply Text(string content) => new(content);

    /// <summary>A JSON reply (the model's text is the serialized object).</summary>
    public static FakeLlmReply Json(object value) => new(JsonSerializer.Serialize(value, JsonOptions));

    /// <summary>An error, e.g. 429 with a Retry-After or 500.</summary>
    public static FakeLlmReply Error(int statusCode, TimeSpan? retryAfter = null) => new("", statusCode, retryAfter);

    /// <summary>A reply that arrives only after <paramref name="delay"/>.</summary>
    public static FakeLlmReply Hang(TimeSpan delay) => new("", Delay: delay);

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}

/// <summary>A request the fake server received.</summary>
/// <param name="Path">Request path, e.g. "/v1/chat/completions".</param>
/// <param name="Model">The "model" field.</param>
/// <param name="Stream">Whether the client asked for a stream.</param>
/// <param name="Authorization">The Authorization header, if any.</param>
/// <param name="Messages">The messages as (role, content).</param>
/// <param name="Body">The whole JSON body.</param>
public sealed record FakeLlmRequest(string Path, string? Model, bool Stream, string? Authorization, IReadOnlyList<(string Role, string Content)> Messages, JsonObject Body);

/// <summary>
/// A fake chat-completions server on 127.0.0.1 with a free port. It answers POST /v1/chat/completions and Gemini's
/// OpenAI-compatible /v1beta/openai/chat/completions with the scripted replies in order (then <see cref="DefaultReply"/>),
/// non-streaming or as server-sent events at <see cref="ChunkInterval"/> per chunk.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeLlmReply> _replies = new();
    private readonly ConcurrentQueue<FakeLlmRequest> _requests = new();

    private FakeLlmServer(WebApplication app) => _app = app;

    /// <summary>Base URL of the OpenAI-style API, ending in "/v1/".</summary>
    public Uri OpenAiBaseUrl { get; private set; } = null!;

    /// <summary>Base URL of Gemini's OpenAI-compatible API, ending in "/v1beta/openai/".</summary>
    public Uri GeminiBaseUrl { get; private set; } = null!;

    /// <summary>The reply when the script is empty.</summary>
    public FakeLlmReply DefaultReply { get; set; } = FakeLlmReply.Text("OK.");

    /// <summary>Chooses a reply from the request, before the script is consulted; return null to use the script.</summary>
    public Func<FakeLlmRequest, FakeLlmReply?>? Responder { get; set; }

    /// <summary>Time between streamed chunks (a realistic model streams 20-60 tokens a second).</summary>
    public TimeSpan ChunkInterval { get; set; } = TimeSpan.FromMilliseconds(30);

    /// <summary>Characters per streamed chunk (about one token).</summary>
    public int ChunkCharacters { get; set; } = 4;

    /// <summary>Requests received, in order.</summary>
    public IReadOnlyList<FakeLlmRequest> Requests => [.. _requests];

    /// <summary>Starts the server.</summary>
    public static async Task<FakeLlmServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeLlmServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        app.MapPost("/v1beta/openai/chat/completions", server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.OpenAiBaseUrl = new Uri(address, "/v1/");
        server.GeminiBaseUrl = new Uri(address, "/v1beta/openai/");
        return server;
    }

    /// <summary>Adds replies to the script.</summary>
    public void Enqueue(params FakeLlmReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false))?.AsObject() ?? [];
        var messages = (body["messages"]?.AsArray() ?? [])
            .Select(m => (m?["role"]?.GetValue<string>() ?? "", ContentText(m?["content"])))
            .ToArray();
        var request = new FakeLlmRequest(
            context.Request.Path, body["model"]?.GetValue<string>(), body["stream"]?.GetValue<bool>() == true,
            context.Request.Headers.Authorization.FirstOrDefault(), messages, body);
        _requests.Enqueue(request);
        var reply = Responder?.Invoke(request) ?? (_replies.TryDequeue(out var next) ? next : DefaultReply);

        if (reply.Delay is { } delay)
        {
            await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
        }

        if (reply.StatusCode != 200)
        {
            context.Response.StatusCode = reply.StatusCode;
            if (reply.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await context.Response.WriteAsJsonAsync(new
            {
                error = new { message = $"fake error {reply.StatusCode}", type = reply.StatusCode == 429 ? "rate_limit_exceeded" : "server_error", code = reply.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var model = request.Model ?? "fake";
        if (!request.Stream)
        {
            await context.Response.WriteAsJsonAsync(new
            {
                id = "chatcmpl-fake",
                @object = "chat.completion",
                created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                model,
                choices = new[] { new { index = 0, message = new { role = "assistant", content = reply.Content }, finish_reason = "stop" } },
                usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
            }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "text/event-stream";
        for (var i = 0; i < reply.Content.Length; i += ChunkCharacters)
        {
            var piece = reply.Content.Substring(i, Math.Min(ChunkCharacters, reply.Content.Length - i));
            await WriteChunkAsync(context, model, new { role = "assistant", content = piece }, null).ConfigureAwait(false);
            await Task.Delay(ChunkInterval, context.RequestAborted).ConfigureAwait(false);
        }

        await WriteChunkAsync(context, model, new { }, "stop").ConfigureAwait(false);
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task WriteChunkAsync(HttpContext context, string model, object delta, string? finishReason)
    {
        var chunk = JsonSerializer.Serialize(new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        });
        await context.Response.WriteAsync($"data: {chunk}\n\n", context.RequestAborted).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static string ContentText(JsonNode? content) => content switch
    {
        null => "",
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => content.ToJsonString(),
    };
}
