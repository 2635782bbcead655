using System.Diagnostics;
using System.Threading.Channels;
using NAudio.Wave;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Recognition.Engine;
using Rehearse.Speech.Recognition.Input;
using Rehearse.Speech.Recognition.Streaming;
using Rehearse.Testing;
using static Rehearse.Speech.RecognitionBenchmarks.Measurements;
using static Rehearse.Testing.WavBytes;

namespace Rehearse.Speech.RecognitionBenchmarks;

/// <summary>
/// Rehearse.Speech.Audio against NAudio.Core, side by side: word error rate of the shared recordings converted (by
/// sox) to other rates and to stereo, resampling and decoding speed, the resamplers' measurable properties, and
/// what each WAV reader makes of the odd files real writers produce.
/// </summary>
internal static class AudioBenchmark
{
    private const string Model = RecognitionModelCatalog.MoonshineTiny;
    private const int Passes = 5;

    private static readonly (string Name, int Rate, int Channels)[] Formats =
    [
        ("16 kHz mono (original)", 16_000, 1),
        ("8 kHz mono", 8_000, 1),
        ("22.05 kHz mono", 22_050, 1),
        ("44.1 kHz mono", 44_100, 1),
        ("48 kHz mono", 48_000, 1),
        ("48 kHz stereo", 48_000, 2),
    ];

    /// <summary>Prints the tables; without <paramref name="accuracy"/> all but the word error rates (a minute instead of a quarter of an hour).</summary>
    public static async Task RunAsync(SpeechRecognitionEngine engine, IReadOnlyList<SpeechClip> corpus, bool accuracy)
    {
        var directory = Directory.CreateTempSubdirectory("rehearse-audio-benchmark-");
        try
        {
            var files = new Dictionary<string, List<byte[]>>();
            foreach (var (name, rate, channels) in Formats)
            {
                files[name] = corpus.Select(clip => rate == 16_000 && channels == 1
                    ? File.ReadAllBytes(clip.File)
                    : Sox(clip.File, Path.Combine(directory.FullName, $"{rate}-{channels}-{clip.Name}"), "-r", $"{rate}", "-c", $"{channels}")).ToList();
            }
            if (accuracy)
            {
                await WordErrorRatesAsync(engine, corpus, files);
            }
            ResamplingSpeed(corpus, files);
            ResamplerProperties();
            DecodingSpeed();
            Codecs();
            OddHeaders(directory.FullName);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static async Task WordErrorRatesAsync(SpeechRecognitionEngine engine, IReadOnlyList<SpeechClip> corpus, Dictionary<string, List<byte[]>> files)
    {
        Console.WriteLine("## Audio paths: word error rate by input format");
        Console.WriteLine();
        Console.WriteLine($"The {corpus.Count} shared recordings converted by sox, then decoded and resampled to 16 kHz by each path and recognized by {Model}. " +
            "In-house: the engine's own WAV input (`WavFile` + `Resampler`), whole (`RecognizeAsync`) or streamed in 100 ms chunks of the file (`Stream`). " +
            "NAudio: `WaveFileReader` + `ToMono` + `WdlResamplingSampleProvider` for the whole file, `WdlResampler` fed 100 ms chunks for the stream; its 16 kHz float output goes through the same engine. " +
            "NAudio linear: the same `WdlResampler` without its low-pass, linear interpolation alone, as the console client converts answer files.");
        Console.WriteLine();
        Console.WriteLine("| audio | in-house, whole | NAudio, whole | in-house, streamed | NAudio, streamed | NAudio linear, whole |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var wav = new RecognitionAudioFormat(RecognitionAudioEncoding.Wav, 0);
        var float16k = new RecognitionAudioFormat(RecognitionAudioEncoding.Float32, StreamingRun.SampleRate);
        foreach (var (name, rate, channels) in Formats)
        {
            WordErrorRate ownWhole = default, naudioWhole = default, ownStreamed = default, naudioStreamed = default, linearWhole = default;
            for (var i = 0; i < corpus.Count; i++)
            {
                var reference = corpus[i].Reference;
                var file = files[name][i];
                var own = await engine.RecognizeAsync(new RecognitionSettings(wav, Model: Model), file, CancellationToken.None);
                ownWhole += WordErrorRate.Compute(reference, own.Text);
                var naudio = await engine.RecognizeAsync(new RecognitionSettings(float16k, Model: Model),
                    PcmCodec.Encode(NAudioPath.DecodeTo16k(file), SampleEncoding.Float32), CancellationToken.None);
                naudioWhole += WordErrorRate.Compute(reference, naudio.Text);
                var linear = await engine.RecognizeAsync(new RecognitionSettings(float16k, Model: Model),
                    PcmCodec.Encode(NAudioPath.DecodeTo16kLinear(file), SampleEncoding.Float32), CancellationToken.None);
                linearWhole += WordErrorRate.Compute(reference, linear.Text);

                var chunkBytes = rate * channels * 2 / 10;
                ownStreamed += WordErrorRate.Compute(reference, await StreamAsync(engine, wav, Chunks(file, chunkBytes)));
                naudioStreamed += WordErrorRate.Compute(reference, await StreamAsync(engine, float16k, WdlChunks(file)));
            }
            Console.WriteLine($"| {name} | {Percent(ownWhole.Rate)} | {Percent(naudioWhole.Rate)} | {Percent(ownStreamed.Rate)} | {Percent(naudioStreamed.Rate)} | {Percent(linearWhole.Rate)} |");
        }
        Console.WriteLine();
    }

    /// <summary>The file's samples resampled by NAudio's WDL resampler 100 ms at a time, as 16 kHz float chunks.</summary>
    private static IEnumerable<byte[]> WdlChunks(byte[] file)
    {
        var (samples, rate) = NAudioPath.Decode(file);
        var resampler = new WdlStreamingResampler(rate, StreamingRun.SampleRate);
        var output = new List<float>();
        for (var offset = 0; offset < samples.Length; offset += rate / 10)
        {
            output.Clear();
            resampler.Process(samples.AsSpan(offset, Math.Min(rate / 10, samples.Length - offset)), output);
            yield return PcmCodec.Encode(output.ToArray(), SampleEncoding.Float32);
        }
        output.Clear();
        resampler.Flush(output);
        yield return PcmCodec.Encode(output.ToArray(), SampleEncoding.Float32);
    }

    private static IEnumerable<byte[]> Chunks(byte[] bytes, int size)
    {
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            yield return bytes[offset..Math.Min(bytes.Length, offset + size)];
        }
    }

    private static async Task<string> StreamAsync(SpeechRecognitionEngine engine, RecognitionAudioFormat format, IEnumerable<byte[]> chunks)
    {
        var channel = Channel.CreateUnbounded<ReadOnlyMemory<byte>>();
        foreach (var chunk in chunks)
        {
            channel.Writer.TryWrite(chunk);
        }
        channel.Writer.Complete();
        var finals = new List<string>();
        await foreach (var recognitionEvent in engine.Stream(new RecognitionSettings(format, Model: Model), channel.Reader, CancellationToken.None))
        {
            if (recognitionEvent is TranscriptEvent { IsFinal: true } final && final.Text.Length > 0)
            {
                finals.Add(final.Text);
            }
        }
        return string.Join(' ', finals);
    }

    private static void ResamplingSpeed(IReadOnlyList<SpeechClip> corpus, Dictionary<string, List<byte[]>> files)
    {
        var seconds = corpus.Sum(clip => clip.DurationSeconds);
        Console.WriteLine("## Audio paths: decoding and resampling speed");
        Console.WriteLine();
        Console.WriteLine($"Times real time (audio seconds per second of one core) over the {seconds:0} s of the corpus in each format, the fastest of {Passes} passes. " +
            "Whole file: WAV bytes to 16 kHz mono samples. Streaming: the decoded mono samples through the resampler in 100 ms chunks, then its flush.");
        Console.WriteLine();
        Console.WriteLine("| audio | in-house, whole file | NAudio, whole file | in-house `Resampler`, 100 ms chunks | NAudio `WdlResampler`, 100 ms chunks |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var (name, rate, _) in Formats.Where(format => format.Rate != 16_000))
        {
            var decoded = files[name].Select(file => WavFile.Read(file).Samples).ToList();
            var ownWhole = Fastest(() => files[name].ForEach(file => Resampler.Resample(WavFile.Read(file).Samples, rate, StreamingRun.SampleRate)));
            var naudioWhole = Fastest(() => files[name].ForEach(file => NAudioPath.DecodeTo16k(file)));
            var ownChunks = Fastest(() => decoded.ForEach(samples =>
            {
                var resampler = new Resampler(rate, StreamingRun.SampleRate);
                var output = new List<float>();
                ForEachChunk(samples, rate / 10, chunk => resampler.Process(chunk, output));
                resampler.Flush(output);
            }));
            var naudioChunks = Fastest(() => decoded.ForEach(samples =>
            {
                var resampler = new WdlStreamingResampler(rate, StreamingRun.SampleRate);
                var output = new List<float>();
                ForEachChunk(samples, rate / 10, chunk => resampler.Process(chunk, output));
                resampler.Flush(output);
            }));
            string Speed(double elapsed) => Number(seconds / elapsed, "0") + "×";
            Console.WriteLine($"| {name} | {Speed(ownWhole)} | {Speed(naudioWhole)} | {Speed(ownChunks)} | {Speed(naudioChunks)} |");
        }
        Console.WriteLine();
    }

    private static void ResamplerProperties()
    {
        Console.WriteLine("## Audio paths: resampler properties");
        Console.WriteLine();
        Console.WriteLine("Synthetic signals, 0.5 amplitude, 1 s. Latency: input samples a stream must receive before the first output. " +
            "Delay: where a 1 kHz tone lands relative to its ideal resampled position, in output samples (0 = time-aligned). " +
            "Chunks: largest difference between 1 s of noise resampled in random chunks of 0–700 samples (then flushed) and in one call, and whether the sample count is round(N·out/in). " +
            "Passband: a tone at 3/4 of the lower Nyquist frequency. Aliasing (downsampling): a tone at 9/16 of the output rate, which can only come out as an alias. " +
            "Imaging (upsampling): the mirror of the passband tone about the input Nyquist frequency. Levels in dB relative to the input tone.");
        Console.WriteLine();
        Console.WriteLine("| conversion | resampler | latency (samples) | delay (samples) | chunks: max difference, count | passband (dB) | aliasing / imaging (dB) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (input, output) in new[] { (48_000, 16_000), (44_100, 16_000), (22_050, 16_000), (8_000, 16_000), (22_050, 48_000) })
        {
            var candidates = new (string Name, Func<float[], float[]> Whole, Func<StreamingResampler> Create)[]
            {
                ("in-house `Resampler`", x => Resampler.Resample(x, input, output), () =>
                {
                    var resampler = new Resampler(input, output);
                    return new StreamingResampler(resampler.Process, resampler.Flush);
                }),
                ("NAudio `WdlResamplingSampleProvider` over a `BufferedWaveProvider`", x => NAudioPath.Resample(x, input, output), () => PulledThroughBuffer(input, output)),
                ("NAudio `WdlResampler`, input-driven", x => NAudioPath.Resample(x, input, output), () =>
                {
                    var resampler = new WdlStreamingResampler(input, output);
                    return new StreamingResampler(resampler.Process, resampler.Flush);
                }),
            };
            foreach (var (name, whole, create) in candidates)
            {
                var noise = Noise(input, seed: 5);
                var oneCall = whole(noise);
                var pieces = InRandomChunks(noise, create(), seed: 7);
                var expected = (int)Math.Round((double)noise.Length * output / input, MidpointRounding.AwayFromZero);
                var difference = oneCall.Zip(pieces).Select(pair => Math.Abs(pair.First - pair.Second)).DefaultIfEmpty(0).Max();
                var count = pieces.Length == expected ? "exact" : $"{pieces.Length - expected:+0;-0}";
                var tone = whole(Sine(1000, input));
                var passband = 0.75 * Math.Min(input, output) / 2.0;
                var passLevel = ToneLevel(whole(Sine(passband, input)), passband, output);
                var stray = input > output
                    ? RmsLevel(whole(Sine(output * 9.0 / 16, input)))
                    : ToneLevel(whole(Sine(passband, input)), input - passband, output);
                Console.WriteLine($"| {input / 1000.0:0.##} → {output / 1000.0:0.##} kHz | {name} | {FirstOutputAfter(create(), input / 10)} | {Number(Delay(tone, 1000, output), "0.00")} | " +
                    $"{Number(difference, "0.0e0")}, {count} | {Number(passLevel, "0.0")} | {Number(stray, "0.0")} |");
            }
        }
        Console.WriteLine();
    }

    /// <summary>One streaming resampler: consume a chunk and append what it completes; end the stream.</summary>
    private sealed record StreamingResampler(ProcessChunk Process, Action<List<float>> Flush);

    private delegate void ProcessChunk(ReadOnlySpan<float> input, List<float> output);

    private static float[] InRandomChunks(float[] input, StreamingResampler resampler, int seed)
    {
        var random = new Random(seed);
        var output = new List<float>();
        for (var offset = 0; offset < input.Length;)
        {
            var length = Math.Min(input.Length - offset, random.Next(0, 700));
            resampler.Process(input.AsSpan(offset, length), output);
            offset += length;
        }
        resampler.Flush(output);
        return [.. output];
    }

    /// <summary>
    /// NAudio's provider as a stream would wire it: each chunk goes into a <see cref="BufferedWaveProvider"/> and the
    /// resampler is read until it returns nothing; it has no separate end of stream.
    /// </summary>
    private static StreamingResampler PulledThroughBuffer(int inputRate, int outputRate)
    {
        var buffer = new BufferedWaveProvider(WaveFormat.CreateIeeeFloatWaveFormat(inputRate, 1), TimeSpan.FromSeconds(5)) { ReadFully = false };
        var resampler = new NAudio.Wave.SampleProviders.WdlResamplingSampleProvider(buffer.ToSampleProvider(), outputRate);
        var read = new float[4096];
        return new StreamingResampler((chunk, output) =>
        {
            buffer.AddSamples(System.Runtime.InteropServices.MemoryMarshal.AsBytes(chunk));
            int count;
            while ((count = resampler.Read(read)) > 0)
            {
                output.AddRange(read.AsSpan(0, count));
            }
        }, _ => { });
    }

    /// <summary>How many input samples, fed one at a time, a resampler takes before its first output (at most <paramref name="limit"/>).</summary>
    private static string FirstOutputAfter(StreamingResampler resampler, int limit)
    {
        var output = new List<float>();
        for (var fed = 1; fed <= limit; fed++)
        {
            resampler.Process([0f], output);
            if (output.Count > 0)
            {
                return fed.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return $"> {limit}";
    }

    private static void DecodingSpeed()
    {
        Console.WriteLine("## Audio paths: PCM decoding speed");
        Console.WriteLine();
        Console.WriteLine($"Million frames per second decoded to mono floats (fastest of {Passes} passes over 60 s at 48 kHz). " +
            "In-house: `PcmCodec.DecodeToMono`. NAudio: `RawSourceWaveStream` + `ToSampleProvider` (+ `ToMono` for stereo); mu-law through `MuLawDecoder.Decode`.");
        Console.WriteLine();
        Console.WriteLine("| encoding | in-house | NAudio |");
        Console.WriteLine("|---|---|---|");
        const int Frames = 60 * 48_000;
        foreach (var (name, encoding, channels) in new[]
        {
            ("16-bit mono", SampleEncoding.Linear16, 1), ("16-bit stereo", SampleEncoding.Linear16, 2), ("24-bit mono", SampleEncoding.Linear24, 1),
            ("32-bit float mono", SampleEncoding.Float32, 1), ("mu-law mono", SampleEncoding.MuLaw, 1),
        })
        {
            var format = new PcmFormat(encoding, 48_000, channels);
            var bytes = PcmCodec.Encode(Noise(Frames * channels, seed: 3), encoding);
            var own = Fastest(() => PcmCodec.DecodeToMono(bytes, format));
            var naudio = Fastest(() => NAudioDecode(bytes, format));
            Console.WriteLine($"| {name} | {Number(Frames / own / 1e6, "0")} | {Number(Frames / naudio / 1e6, "0")} |");
        }
        Console.WriteLine();
    }

    private static void Codecs()
    {
        var muLawFormat = new PcmFormat(SampleEncoding.MuLaw, 8000, 1);
        var codes = Enumerable.Range(0, 256).Select(code => (byte)code).ToArray();
        var ownDecoded = PcmCodec.DecodeToMono(codes, muLawFormat);
        var decodeDifferences = codes.Where(code => ownDecoded[code] * 32768 != NAudio.Codecs.MuLawDecoder.MuLawToLinearSample(code)).ToList();
        var values = Enumerable.Range(short.MinValue, 65_536).ToArray();
        var ownEncoded = PcmCodec.Encode([.. values.Select(value => value / 32768f)], SampleEncoding.MuLaw);
        var encodeDifferences = values.Where(value => ownEncoded[value - short.MinValue] != NAudio.Codecs.MuLawEncoder.LinearToMuLawSample((short)value)).ToList();

        // 16-bit PCM decoded to floats and encoded again: PcmCodec both ways, against NAudio's 16-bit converter.
        var pcm = PcmCodec.Encode([.. values.Select(value => value / 32768f)], SampleEncoding.Linear16);
        var floats = PcmCodec.DecodeToMono(pcm, new PcmFormat(SampleEncoding.Linear16, 16000, 1));
        var ownChanged = CountChanged(pcm, PcmCodec.Encode(floats, SampleEncoding.Linear16));
        var naudioPcm = new byte[pcm.Length];
        new NAudio.Wave.SampleProviders.SampleToWaveProvider16(new ArraySampleProvider(floats, 16000)).Read(naudioPcm);
        var naudioChanged = CountChanged(pcm, naudioPcm);

        Console.WriteLine("## Audio paths: codecs");
        Console.WriteLine();
        Console.WriteLine("G.711 mu-law: every code decoded and every 16-bit value encoded by `PcmCodec` and by NAudio's `MuLawDecoder` / `MuLawEncoder`, listing where they disagree " +
            "(G.711: code 0x7F, negative zero, is 0; -32768 saturates to 0x00). 16-bit PCM: all 65,536 values decoded to floats and encoded again, by `PcmCodec` and by NAudio's `SampleToWaveProvider16`.");
        Console.WriteLine();
        Console.WriteLine("| check | in-house | NAudio |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine($"| mu-law decoding: codes where they disagree | {string.Join(", ", decodeDifferences.Select(code => $"0x{code:X2} → {ownDecoded[code] * 32768:0}"))} | " +
            $"{string.Join(", ", decodeDifferences.Select(code => $"0x{code:X2} → {NAudio.Codecs.MuLawDecoder.MuLawToLinearSample(code)}"))} |");
        Console.WriteLine($"| mu-law encoding: 16-bit values where they disagree | {string.Join(", ", encodeDifferences.Select(value => $"{value} → 0x{ownEncoded[value - short.MinValue]:X2}"))} | " +
            $"{string.Join(", ", encodeDifferences.Select(value => $"{value} → 0x{NAudio.Codecs.MuLawEncoder.LinearToMuLawSample((short)value):X2}"))} |");
        Console.WriteLine($"| 16-bit values not restored by decode + encode (of 65,536) | {ownChanged:N0} | {naudioChanged:N0} |");
        Console.WriteLine();

        static int CountChanged(byte[] a, byte[] b) =>
            Enumerable.Range(0, a.Length / 2).Count(i => a[2 * i] != b[2 * i] || a[(2 * i) + 1] != b[(2 * i) + 1]);
    }

    private static float[] NAudioDecode(byte[] bytes, PcmFormat format)
    {
        if (format.Encoding == SampleEncoding.MuLaw)
        {
            var linear = new short[bytes.Length];
            NAudio.Codecs.MuLawDecoder.Decode(bytes, linear);
            return [.. linear.Select(sample => sample / 32768f)];
        }
        var waveFormat = format.Encoding == SampleEncoding.Float32
            ? WaveFormat.CreateIeeeFloatWaveFormat(format.SampleRate, format.Channels)
            : new WaveFormat(format.SampleRate, format.BytesPerSample * 8, format.Channels);
        var samples = new RawSourceWaveStream(new MemoryStream(bytes), waveFormat).ToSampleProvider();
        if (format.Channels == 2)
        {
            samples = samples.ToMono();
        }
        var output = new float[bytes.Length / format.BlockAlign];
        var buffer = new float[4096];
        var offset = 0;
        int read;
        while ((read = samples.Read(buffer)) > 0)
        {
            buffer.AsSpan(0, read).CopyTo(output.AsSpan(offset));
            offset += read;
        }
        return output;
    }

    private static void OddHeaders(string directory)
    {
        const int Pcm = 1, IeeeFloat = 3, MuLaw = 7;
        var espeakFile = Path.Combine(directory, "espeak.wav");
        Run("espeak-ng", "-v", "en-us", "-w", espeakFile, "Tell me about yourself.");
        var espeakPipe = Run("espeak-ng", "-v", "en-us", "--stdout", "Tell me about yourself.");
        // A generated tone has no length sox knows in advance, so on a pipe it writes its placeholder sizes.
        var soxPipe = Run("sox", "-R", "-n", "-r", "16000", "-b", "16", "-t", "wav", "-", "synth", "0.5", "sine", "440");
        var soxFloatPipe = Run("sox", "-R", "-n", "-r", "16000", "-e", "floating-point", "-b", "32", "-t", "wav", "-", "synth", "0.5", "sine", "440");
        float[] Pcm16Values(params short[] values) => [.. values.Select(value => value / 32768f)];
        var cases = new (string Name, byte[] File, float[]? Expected)[]
        {
            ("JUNK, fact, bext and LIST chunks around fmt and data", Riff(Chunk("JUNK", new byte[28]), Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("fact", UInt32(3)), Chunk("bext", new byte[10]),
                Chunk("LIST", "INFOISFT\u0005\0\0\0Lavf\0"u8.ToArray()), Chunk("data", Pcm16(1000, -2000, 3000)), Chunk("LIST", new byte[7])), Pcm16Values(1000, -2000, 3000)),
            ("odd-sized chunk with its pad byte", Riff(Chunk("fmt ", Fmt(Pcm, 1, 8000, 8)), Chunk("LIST", [1, 2, 3]), Chunk("data", [0x80, 0xFF, 0x00])), [0f, 127 / 128f, -1f]),
            ("streamed: data size 0xFFFFFFFF", Streamed(0xFFFFFFFF), Pcm16Values(100, 200, 300)),
            ("streamed: data size 0", Streamed(0), Pcm16Values(100, 200, 300)),
            ("espeak-ng -w (file)", File.ReadAllBytes(espeakFile), WavFile.Read(File.ReadAllBytes(espeakFile)).Samples),
            ("espeak-ng --stdout (data size 0x7FFFF000)", espeakPipe, DataOf(espeakPipe, new PcmFormat(SampleEncoding.Linear16, 22050, 1))),
            ("sox to a pipe, 16-bit (data size 0x7FFFF000)", soxPipe, DataOf(soxPipe, new PcmFormat(SampleEncoding.Linear16, 16000, 1))),
            ("sox to a pipe, float in WAVE_FORMAT_EXTENSIBLE (data size 0x7FFFF000)", soxFloatPipe, DataOf(soxFloatPipe, new PcmFormat(SampleEncoding.Float32, 16000, 1))),
            ("WAVE_FORMAT_EXTENSIBLE PCM stereo", Riff(Chunk("fmt ", ExtensibleFmt(Pcm, 2, 48000, 16)), Chunk("data", Pcm16(16384, 0, 0, -16384))), [0.25f, -0.25f]),
            ("WAVE_FORMAT_EXTENSIBLE IEEE float", Riff(Chunk("fmt ", ExtensibleFmt(IeeeFloat, 1, 16000, 32)), Chunk("data", PcmCodec.Encode([0.5f, -0.75f], SampleEncoding.Float32))), [0.5f, -0.75f]),
            ("WAVE_FORMAT_EXTENSIBLE mu-law", Riff(Chunk("fmt ", ExtensibleFmt(MuLaw, 1, 8000, 8)), Chunk("data", [0xFF, 0x80, 0x00])), [0f, 32124 / 32768f, -32124 / 32768f]),
            ("mu-law", Riff(Chunk("fmt ", [.. Fmt(MuLaw, 1, 8000, 8), .. UInt16(0)]), Chunk("data", [0xFF, 0x80, 0x00])), [0f, 32124 / 32768f, -32124 / 32768f]),
            ("24-bit PCM", Riff(Chunk("fmt ", Fmt(Pcm, 1, 96000, 24)), Chunk("data", [0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F])), [-1 / 8388608f, -1f, 8388607 / 8388608f]),
            ("12-bit PCM in 16-bit containers", Riff(Chunk("fmt ", Fmt(Pcm, 1, 8000, 12)), Chunk("data", Pcm16(0x7FF0, -0x8000))), Pcm16Values(0x7FF0, -0x8000)),
            ("64-bit float", Riff(Chunk("fmt ", Fmt(IeeeFloat, 1, 16000, 64)), Chunk("data", PcmCodec.Encode([0.5f, -0.25f], SampleEncoding.Float64))), [0.5f, -0.25f]),
            ("3 channels (down-mixed)", Riff(Chunk("fmt ", Fmt(IeeeFloat, 3, 16000, 32)), Chunk("data", PcmCodec.Encode([0.3f, 0.6f, 0.9f], SampleEncoding.Float32))), [0.6f]),
            ("data chunk longer than the file (truncated upload)", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16)), Chunk("data", Pcm16(1, 2, 3), declaredSize: 1000)), null),
            ("0 channels", Riff(Chunk("fmt ", Fmt(Pcm, 0, 16000, 16, blockAlign: 2)), Chunk("data", Pcm16(1))), null),
            ("0 Hz", Riff(Chunk("fmt ", Fmt(Pcm, 1, 0, 16)), Chunk("data", Pcm16(1))), null),
            ("block align contradicting the channels", Riff(Chunk("fmt ", Fmt(Pcm, 2, 16000, 16, blockAlign: 2)), Chunk("data", Pcm16(1))), null),
            ("16-bit IEEE float", Riff(Chunk("fmt ", Fmt(IeeeFloat, 1, 8000, 16)), Chunk("data", new byte[2])), null),
            ("no data chunk", Riff(Chunk("fmt ", Fmt(Pcm, 1, 16000, 16))), null),
        };

        Console.WriteLine("## Audio paths: odd WAV files");
        Console.WriteLine();
        Console.WriteLine("What each reader makes of a file: the samples it should (✓), a refusal where refusing is right (✓ refused), or otherwise in bold. " +
            "In-house: `WavFile.Read`. NAudio: `WaveFileReader` + `ToSampleProvider` (+ `ToMono` for stereo), the decoding of the WER table above.");
        Console.WriteLine();
        Console.WriteLine("| file | in-house | NAudio |");
        Console.WriteLine("|---|---|---|");
        foreach (var (name, file, expected) in cases)
        {
            Console.WriteLine($"| {name} | {Outcome(() => WavFile.Read(file).Samples, expected)} | {Outcome(() => NAudioPath.Decode(file).Samples, expected)} |");
        }
        Console.WriteLine();

        static byte[] Streamed(uint dataSize)
        {
            var file = Riff(Chunk("fmt ", Fmt(1, 1, 16000, 16)), Chunk("data", [.. Pcm16(100, 200, 300), 0x7F], dataSize));
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(4), 0xFFFFFFFF);
            return file;
        }
    }

    /// <summary>The samples after the 'data' chunk header, decoded directly: what a reader should return.</summary>
    private static float[] DataOf(byte[] file, PcmFormat format)
    {
        var start = file.AsSpan().IndexOf("data"u8) + 8;
        var length = (file.Length - start) / format.BlockAlign * format.BlockAlign;
        return PcmCodec.DecodeToMono(file.AsSpan(start, length), format);
    }

    private static string Outcome(Func<float[]> read, float[]? expected)
    {
        float[] samples;
        try
        {
            samples = read();
        }
        catch (Exception error) when (error is AudioFormatException or FormatException or InvalidDataException or ArgumentException or InvalidOperationException or EndOfStreamException)
        {
            var message = error.Message.Replace('|', '/');
            return expected is null ? $"✓ refused: {message}" : $"**refused** ({error.GetType().Name}: {message})";
        }
        if (expected is null)
        {
            return $"**accepted** ({samples.Length} samples)";
        }
        if (samples.Length != expected.Length)
        {
            return $"**{samples.Length} samples, not {expected.Length}**";
        }
        var worst = samples.Zip(expected).Max(pair => Math.Abs(pair.First - pair.Second));
        return worst <= 1e-6 ? "✓" : $"**wrong values** (off by up to {worst:0.###})";
    }

    private static byte[] Sox(string input, string output, params string[] options)
    {
        // -R: sox seeds its dither the same way every run, so a run converts the recordings as the last one did.
        Run("sox", ["-R", input, .. options, output]);
        return File.ReadAllBytes(output);
    }

    private static byte[] Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var errors = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        return process.ExitCode == 0 ? output.ToArray() : throw new InvalidOperationException($"{program} failed: {errors.Result}");
    }

    private static double Fastest(Action action)
    {
        var best = double.MaxValue;
        for (var pass = 0; pass < Passes; pass++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    private static void ForEachChunk(float[] samples, int size, Action<ReadOnlySpan<float>> action)
    {
        for (var offset = 0; offset < samples.Length; offset += size)
        {
            action(samples.AsSpan(offset, Math.Min(size, samples.Length - offset)));
        }
    }

    private static float[] Sine(double frequency, int sampleRate) =>
        [.. Enumerable.Range(0, sampleRate).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * frequency * i / sampleRate)))];

    private static float[] Noise(int length, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1) * 0.5f)];
    }

    /// <summary>The level of the component at <paramref name="frequency"/> in the middle half, in dB relative to amplitude 0.5.</summary>
    private static double ToneLevel(float[] samples, double frequency, int sampleRate)
    {
        var (sine, cosine) = Fit(samples, frequency, sampleRate);
        return 20 * Math.Log10(Math.Sqrt((sine * sine) + (cosine * cosine)) / 0.5);
    }

    /// <summary>The RMS level of the middle half in dB relative to a sine of amplitude 0.5.</summary>
    private static double RmsLevel(float[] samples)
    {
        var middle = samples.AsSpan(samples.Length / 4, samples.Length / 2);
        double sum = 0;
        foreach (var sample in middle)
        {
            sum += sample * sample;
        }
        return 10 * Math.Log10(sum / middle.Length / 0.125);
    }

    /// <summary>How many output samples late a tone is compared with the ideal, from the phase of its fit.</summary>
    private static double Delay(float[] samples, double frequency, int sampleRate)
    {
        var (sine, cosine) = Fit(samples, frequency, sampleRate);
        return -Math.Atan2(cosine, sine) / (2 * Math.PI * frequency) * sampleRate;
    }

    /// <summary>Sine and cosine amplitudes of <paramref name="frequency"/> over the middle half (indices from the start of the signal).</summary>
    private static (double Sine, double Cosine) Fit(float[] samples, double frequency, int sampleRate)
    {
        var first = samples.Length / 4;
        var count = samples.Length / 2;
        double sine = 0, cosine = 0;
        for (var i = first; i < first + count; i++)
        {
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            sine += samples[i] * Math.Sin(angle);
            cosine += samples[i] * Math.Cos(angle);
        }
        return (2 * sine / count, 2 * cosine / count);
    }
}
