using System.CommandLine;
using System.Text.Json;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;

namespace Rehearse.Console.Account;

/// <summary>
/// <c>rehearse key</c>: the API key that is this user's account, shared with the web page (Account) so both see
/// the same interviews.
/// </summary>
public static class KeyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var show = new Command("show", "Print the key this client uses (copy it to the web page's Account, or to another machine)");
        show.SetAction(global, context =>
        {
            var (key, source) = context.Settings.ExplicitApiKey is { } given
                ? (given, "--api-key or REHEARSE_API_KEY")
                : (ApiKeyStore.LoadOrCreate(), ApiKeyStore.KeyFilePath);
            if (context.Settings.Json)
            {
                TerminalOutput.WriteLine(JsonSerializer.Serialize(new Dictionary<string, string> { ["key"] = key, ["source"] = source }));
            }
            else
            {
                TerminalOutput.WriteLine(key);
                TerminalOutput.WriteErrorLine($"(from {source}; whoever has this key has your interviews)");
            }
            return Task.FromResult(ExitCodes.Ok);
        });

        var keyArgument = new Argument<string>("KEY") { Description = "The key the web page shows under Account (or one the server's operator gave you)" };
        var use = new Command("use", "Store KEY as this client's key, so it sees that key's interviews") { keyArgument };
        use.SetAction(global, context =>
        {
            var key = context.Parse.GetValue(keyArgument)!.Trim();
            if (!ApiKeyStore.IsWellFormed(key))
            {
                throw CliException.Usage("KEY: a key is 16 to 128 characters of letters, digits, '-' and '_'; check that it was copied whole");
            }
            var previous = ApiKeyStore.Load();
            ApiKeyStore.Save(key);
            TerminalOutput.WriteErrorLine($"Saved to {ApiKeyStore.KeyFilePath}.");
            if (previous is not null && previous != key)
            {
                // The old key's interviews stay on the server; this line is the only copy left on this machine.
                TerminalOutput.WriteErrorLine($"The previous key was {previous}: keep it to reach its interviews again.");
            }
            if (context.Settings.ExplicitApiKey is not null)
            {
                TerminalOutput.WriteErrorLine("Note: --api-key or REHEARSE_API_KEY is set and takes precedence over the stored key.");
            }
            return Task.FromResult(ExitCodes.Ok);
        });

        return new Command("key", "Show the API key that is your account, or use the one the web page shows") { show, use };
    }
}
