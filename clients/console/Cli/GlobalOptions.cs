using System.CommandLine;
using Rehearse.Console.Connection;

namespace Rehearse.Console.Cli;

/// <summary>The options every command accepts (declared once on the root, recursive to all subcommands).</summary>
public sealed class GlobalOptions
{
    /// <summary>Speech service address used when neither --speech nor REHEARSE_SPEECH_URL is given.</summary>
    public const string DefaultSpeechUrl = "http://127.0.0.1:50051";

    /// <summary>Interview service native gRPC address used when neither --interview nor REHEARSE_INTERVIEW_URL is given.</summary>
    public const string DefaultInterviewUrl = "http://127.0.0.1:8081";

    /// <summary>--speech URL.</summary>
    public Option<string> Speech { get; } = new("--speech")
    {
        Description = $"Speech service address [env: REHEARSE_SPEECH_URL, default: {DefaultSpeechUrl}]",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary>--interview URL.</summary>
    public Option<string> Interview { get; } = new("--interview")
    {
        Description = $"Interview service native gRPC address [env: REHEARSE_INTERVIEW_URL, default: {DefaultInterviewUrl}]",
        HelpName = "URL",
        Recursive = true,
    };

    /// <summary>--api-key KEY.</summary>
    public Option<string> ApiKey { get; } = new("--api-key")
    {
        Description = "API key for the Interview service [env: REHEARSE_API_KEY, default: the key in ~/.config/rehearse/api-key, created on first use]",
        HelpName = "KEY",
        Recursive = true,
    };

    /// <summary>--speech-key KEY.</summary>
    public Option<string> SpeechKey { get; } = new("--speech-key")
    {
        Description = "API key for a Speech service that asks for one [env: REHEARSE_SPEECH_KEY, default: none]",
        HelpName = "KEY",
        Recursive = true,
    };

    /// <summary>--json.</summary>
    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Write machine-readable JSON to standard output",
        Recursive = true,
    };

    /// <summary>Adds the options to the root command.</summary>
    public void AddTo(RootCommand root)
    {
        root.Options.Add(Speech);
        root.Options.Add(Interview);
        root.Options.Add(ApiKey);
        root.Options.Add(SpeechKey);
        root.Options.Add(Json);
    }

    /// <summary>The settings of one invocation: options first, then environment variables, then defaults.</summary>
    public ClientSettings Resolve(ParseResult parse) => new(
        ServiceAddress("--speech", parse.GetValue(Speech) ?? Environment.GetEnvironmentVariable("REHEARSE_SPEECH_URL"), DefaultSpeechUrl),
        ServiceAddress("--interview", parse.GetValue(Interview) ?? Environment.GetEnvironmentVariable("REHEARSE_INTERVIEW_URL"), DefaultInterviewUrl),
        NonEmpty(parse.GetValue(ApiKey)) ?? NonEmpty(Environment.GetEnvironmentVariable("REHEARSE_API_KEY")),
        NonEmpty(parse.GetValue(SpeechKey)) ?? NonEmpty(Environment.GetEnvironmentVariable("REHEARSE_SPEECH_KEY")),
        parse.GetValue(Json));

    private static Uri ServiceAddress(string option, string? value, string fallback)
    {
        var text = NonEmpty(value) ?? fallback;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw CliException.Usage($"{option}: '{text}' is not an http:// or https:// address");
        }
        return uri;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
