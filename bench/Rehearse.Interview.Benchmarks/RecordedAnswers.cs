using Grpc.Core;
using Rehearse.Speech.V1;

namespace Rehearse.Interview.Benchmarks;

/// <summary>One answer as a candidate's microphone would capture it: 16 kHz mono LINEAR16.</summary>
/// <param name="Text">What is said.</param>
/// <param name="Pcm">The audio.</param>
/// <param name="SpeechEnd">Where the speech in the audio ends (the voice leaves a little silence after it).</param>
internal sealed record RecordedAnswer(string Text, byte[] Pcm, TimeSpan SpeechEnd)
{
    public const int SampleRate = 16_000;

    /// <summary>Plain answers, each short enough (under 40 words) that the offline interviewer follows it up.</summary>
    private static readonly string[] Texts =
    [
        "I would put a queue in front of the database and retry each payment with the same key, so a retry never charges twice.",
        "First I would look at the logs and the metrics, find the slowest requests, and then talk with the team about what changed.",
        "I would split the service in two and let each team own its data and its deployments, with a clear contract between them.",
        "We measured the error rate before and after the change, and the failed payments dropped by about forty percent in a month.",
    ];

    /// <summary>The answers, spoken by the Speech service's default voice.</summary>
    public static async Task<IReadOnlyList<RecordedAnswer>> RecordAsync(SpeechService.SpeechServiceClient speech)
    {
        var answers = new List<RecordedAnswer>();
        foreach (var text in Texts)
        {
            var bytes = await SpeakAsync(speech, text);
            answers.Add(new RecordedAnswer(text, bytes, SpeechLevels.LastSound(bytes)));
        }
        return answers;
    }

    /// <summary><paramref name="text"/> spoken by the Speech service (<paramref name="voice"/>, or its default) as 16 kHz LINEAR16.</summary>
    public static async Task<byte[]> SpeakAsync(SpeechService.SpeechServiceClient speech, string text, string voice = "")
    {
        using var call = speech.Synthesize(new SynthesizeRequest
        {
            Text = text,
            Config = new SynthesisConfig { Voice = voice, AudioFormat = new AudioFormat { Encoding = AudioEncoding.Linear16, SampleRateHertz = SampleRate } },
        });
        using var pcm = new MemoryStream();
        await foreach (var response in call.ResponseStream.ReadAllAsync())
        {
            response.Audio.WriteTo(pcm);
        }
        return pcm.ToArray();
    }

    /// <summary>The duration of the audio.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Pcm.Length / 2.0 / SampleRate);
}
