using System.CommandLine;
using System.Globalization;
using Rehearse.Console.Cli;
using Rehearse.Console.Connection;
using Rehearse.Console.Terminal;
using Rehearse.Speech.V1;

namespace Rehearse.Console.Speech;

/// <summary><c>rehearse voices</c>: the voices the Speech service can speak with.</summary>
public static class VoicesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(GlobalOptions global)
    {
        var language = new Option<string>("--language") { Description = "Only voices of this BCP-47 language, e.g. en or en-US", HelpName = "CODE" };
        var command = new Command("voices", "List the voices 'rehearse say' can use") { language };
        command.SetAction(global, async context =>
        {
            var client = new SpeechService.SpeechServiceClient(context.ConnectSpeech().Invoker);
            var response = await client.ListVoicesAsync(
                new ListVoicesRequest { LanguageCode = context.Parse.GetValue(language) ?? "" },
                deadline: Deadlines.ForUnary(), cancellationToken: context.Cancellation);
            if (context.Settings.Json)
            {
                JsonOutput.Write(response);
                return ExitCodes.Ok;
            }
            TableWriter.Write(context.Output, ["ID", "NAME", "LANGUAGE", "GENDER", "RATE", "DESCRIPTION"],
                response.Voices.Select(v => (IReadOnlyList<string>)
                [
                    v.Id, v.DisplayName, v.LanguageCode, Gender(v.Gender),
                    v.NativeSampleRateHertz.ToString(CultureInfo.InvariantCulture), v.Description,
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Gender(VoiceGender gender) => gender switch
    {
        VoiceGender.Female => "female",
        VoiceGender.Male => "male",
        VoiceGender.Neutral => "neutral",
        _ => "",
    };
}
