using System.Diagnostics;
using System.Threading.Channels;
using Rehearse.Speech.Audio;
using Rehearse.Speech.Synthesis.Output;

namespace Rehearse.Speech.Synthesis.UnitTests.Engine;

public sealed class SpeechSynthesizerTests(SynthesizerFixture fixture)
{
    private const string Sentence = "The weather today is sunny with a light breeze from the west.";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Speaks_a_sentence_at_the_native_rate_with_a_plausible_duration()
    {
        var settings = new SynthesisSettings { Encoding = OutputEncoding.Linear16 };
        var chunks = await fixture.SpeakAsync(Sentence, settings);
        var samples = SynthesizerFixture.Samples(chunks, new AudioOutputFormat(OutputEncoding.Linear16, 22050));
        var seconds = samples.Length / 22050.0;
        // Eleven words at a conversational 2-4 words per second.
        Assert.InRange(seconds, 2.0, 6.0);
        Assert.InRange(AudioLevels.Peak(samples), 0.1f, 1f);
        Assert.InRange(AudioLevels.Rms(samples), 0.02f, 0.5f);
    }

    [Theory]
    [InlineData(16000)]
    [InlineData(24000)]
    [InlineData(44100)]
    [InlineData(48000)]
    public async Task Resamples_to_the_offered_rates(int rate)
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings { Encoding = OutputEncoding.Float32, SampleRate = rate });
        Assert.Equal(new AudioOutputFormat(OutputEncoding.Float32, rate), stream.Format);
        var chunks = new List<SynthesisChunk>();
        await foreach (var chunk in stream.SpeakAsync("Hello there, how are you?", Token))
        {
            chunks.Add(chunk);
        }
        var samples = SynthesizerFixture.Samples(chunks, stream.Format);
        Assert.InRange(samples.Length / (double)rate, 0.8, 3.0);
        var last = chunks[^1];
        Assert.Equal(samples.Length / (double)rate, (last.Offset + last.Duration).TotalSeconds, 3);
    }

    [Fact]
    public async Task Writes_a_wav_file_with_a_streaming_header_first()
    {
        var chunks = await fixture.SpeakAsync("One. Two.", new SynthesisSettings { Encoding = OutputEncoding.Wav, SampleRate = 16000 });
        var file = chunks.SelectMany(c => c.Audio.ToArray()).ToArray();
        Assert.True(WavFile.LooksLikeWav(chunks[0].Audio.Span));
        var audio = WavFile.Read(file);
        Assert.Equal(new PcmFormat(SampleEncoding.Linear16, 16000, 1), audio.SourceFormat);
        var last = chunks[^1];
        Assert.Equal((last.Offset + last.Duration).TotalSeconds, audio.Samples.Length / 16000.0, 3);
        Assert.False(WavFile.LooksLikeWav(chunks[1].Audio.Span));
    }

    [Fact]
    public async Task Cuts_chunks_of_the_requested_length_with_contiguous_offsets()
    {
        var settings = new SynthesisSettings { SampleRate = 16000, ChunkDuration = TimeSpan.FromMilliseconds(100) };
        var chunks = await fixture.SpeakAsync("First sentence here. And a second one.", settings);
        var position = TimeSpan.Zero;
        foreach (var chunk in chunks)
        {
            Assert.Equal(position, chunk.Offset);
            Assert.Equal(chunk.Audio.Length / 2, (int)Math.Round(chunk.Duration.TotalSeconds * 16000));
            if (!chunk.SentenceEnd)
            {
                Assert.Equal(3200, chunk.Audio.Length);
            }
            position += chunk.Duration;
        }
    }

    [Fact]
    public async Task Labels_chunks_with_their_sentence_as_written()
    {
        const string text = "Dr. Smith costs $5. What is O(n log n)? Fine!";
        var chunks = await fixture.SpeakAsync(text, new SynthesisSettings { ChunkDuration = TimeSpan.FromMilliseconds(500) });
        Assert.Equal([0, 1, 2], chunks.Select(c => c.SentenceIndex).Distinct());
        Assert.Equal(["Dr. Smith costs $5.", "What is O(n log n)?", "Fine!"], chunks.Select(c => c.SentenceText).Distinct());
        foreach (var sentence in chunks.GroupBy(c => c.SentenceIndex))
        {
            Assert.Equal([true], sentence.Where(c => c.SentenceEnd).Select(c => c.SentenceEnd));
            Assert.True(sentence.Last().SentenceEnd);
        }
    }

    [Fact]
    public async Task Speaks_faster_at_a_higher_speaking_rate()
    {
        var slow = await fixture.SpeakAsync(Sentence, new SynthesisSettings { SpeakingRate = 0.5f });
        var fast = await fixture.SpeakAsync(Sentence, new SynthesisSettings { SpeakingRate = 2f });
        var slowSeconds = (slow[^1].Offset + slow[^1].Duration).TotalSeconds;
        var fastSeconds = (fast[^1].Offset + fast[^1].Duration).TotalSeconds;
        Assert.True(slowSeconds > 3 * fastSeconds, $"0.5x: {slowSeconds:0.00} s, 2x: {fastSeconds:0.00} s");
    }

    [Fact]
    public async Task Speaks_with_a_raw_speaker_and_a_chosen_variation()
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings { Voice = "speaker:42", Variation = 0.3f });
        Assert.Equal("speaker:42", stream.Voice.Id);
        var count = 0;
        await foreach (var chunk in stream.SpeakAsync("Hello.", Token))
        {
            count += chunk.Audio.Length;
        }
        Assert.True(count > 0);
    }

    [Fact]
    public async Task Sends_the_first_chunk_long_before_the_whole_text_is_synthesized()
    {
        var text = string.Join(' ', Enumerable.Range(1, 6).Select(i =>
            $"This is sentence number {i}, which talks about distributed systems, caching and the trade-offs of consistency."));
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var clock = Stopwatch.StartNew();
        TimeSpan? first = null;
        await foreach (var _ in stream.SpeakAsync(text, Token))
        {
            first ??= clock.Elapsed;
        }
        var total = clock.Elapsed;
        Assert.True(first < total * 0.5, $"first chunk after {first?.TotalMilliseconds:0} ms of {total.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Speaks_a_sentence_that_normalising_makes_long_in_pieces_as_one_sentence()
    {
        // Under 200 characters as written, over 1,200 once the numbers are words: four times the 300-character bound.
        var text = "The totals were 987654321, 876543219, 765432198, 654321987, 543219876, 432198765, 321987654, "
            + "219876543, 198765432, 987654312, 876543129 and 765431298 dollars in the end.";
        // Each inference is a span; this call's spans are told apart from parallel tests' by the trace they belong to.
        using var call = new Activity("test call").Start();
        var pieces = new List<int>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Rehearse.Speech.Synthesis",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = span =>
            {
                if (span.TraceId == call.TraceId && span.GetTagItem("rehearse.speech.characters") is int characters)
                {
                    lock (pieces)
                    {
                        pieces.Add(characters);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var chunks = new List<SynthesisChunk>();
        await foreach (var chunk in stream.SpeakAsync(text, Token))
        {
            chunks.Add(chunk);
        }

        // Each inference is bounded, so its time to first audio and its memory are; the caller still sees one sentence.
        Assert.InRange(pieces.Count, 4, 8);
        Assert.All(pieces, characters => Assert.InRange(characters, 1, 300));
        Assert.All(chunks, chunk => Assert.Equal((0, text), (chunk.SentenceIndex, chunk.SentenceText)));
        Assert.Equal([chunks.Count - 1], chunks.Select((chunk, i) => (chunk, i)).Where(c => c.chunk.SentenceEnd).Select(c => c.i));
    }

    [Fact]
    public async Task Starts_speaking_streamed_text_at_the_first_complete_sentence()
    {
        var input = Channel.CreateUnbounded<TextInput>();
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        await using var chunks = stream.SpeakAsync(input.Reader.ReadAllAsync(Token), Token).GetAsyncEnumerator(Token);
        await input.Writer.WriteAsync(new TextInput("Thanks for joining us tod"), Token);
        await input.Writer.WriteAsync(new TextInput("ay. Let's begin with"), Token);
        // The first sentence is complete while the input is still open: audio must come without more text.
        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal(0, chunks.Current.SentenceIndex);
        Assert.Equal("Thanks for joining us today.", chunks.Current.SentenceText);
        while (!chunks.Current.SentenceEnd)
        {
            Assert.True(await chunks.MoveNextAsync());
        }
        // An unfinished sentence is spoken on a flush, still without closing the input.
        await input.Writer.WriteAsync(new TextInput(" arrays"), Token);
        await input.Writer.WriteAsync(TextInput.Flush, Token);
        Assert.True(await chunks.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30), Token));
        Assert.Equal("Let's begin with arrays", chunks.Current.SentenceText);
        input.Writer.Complete();
        while (await chunks.MoveNextAsync())
        {
            Assert.Equal(1, chunks.Current.SentenceIndex);
        }
    }

    [Fact]
    public async Task Refuses_streamed_text_that_ends_without_words()
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var error = await Assert.ThrowsAsync<SynthesisRequestException>(async () =>
        {
            await foreach (var _ in stream.SpeakAsync(Inputs("  ", "..."), Token))
            {
            }
        });
        Assert.Equal("text", error.Field);
    }

    [Fact]
    public async Task Refuses_a_bad_fragment_in_the_middle_of_a_stream()
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var error = await Assert.ThrowsAsync<SynthesisRequestException>(async () =>
        {
            await foreach (var _ in stream.SpeakAsync(Inputs("Hello there. ", "bad \u0001 byte"), Token))
            {
            }
        });
        Assert.Equal("text", error.Field);
        Assert.Contains("U+0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stops_at_once_when_the_consumer_cancels()
    {
        var text = string.Join(' ', Enumerable.Repeat("A long sentence about scalability that keeps the synthesizer busy for a while.", 20));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var active = fixture.Engine.ActiveStreams;
        var stream = fixture.Engine.Open(new SynthesisSettings());
        var clock = new Stopwatch();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in stream.SpeakAsync(text, cancel.Token))
            {
                if (!clock.IsRunning)
                {
                    clock.Start();
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"stopped after {clock.Elapsed.TotalMilliseconds:0} ms");
        stream.Dispose();
        Assert.Equal(active, fixture.Engine.ActiveStreams);
    }

    [Fact]
    public void Refuses_more_streams_than_its_capacity()
    {
        var streams = new List<SynthesisStream>();
        try
        {
            // Other tests may hold slots at the same moment: fill whatever is left.
            var error = Assert.Throws<SynthesisCapacityException>(() =>
            {
                for (var i = 0; i <= SynthesizerFixture.Capacity; i++)
                {
                    streams.Add(fixture.Engine.Open(new SynthesisSettings()));
                }
            });
            Assert.Contains("MaxConcurrentStreams", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
        }
        using var again = fixture.Engine.Open(new SynthesisSettings());
    }

    public static TheoryData<SynthesisSettings, string> BadSettings => new()
    {
        { new SynthesisSettings { Voice = "no-such-voice" }, "voice" },
        { new SynthesisSettings { Voice = "speaker:904" }, "voice" },
        { new SynthesisSettings { Voice = "speaker:-1" }, "voice" },
        { new SynthesisSettings { SampleRate = 8000 }, "audio_format.sample_rate_hertz" },
        { new SynthesisSettings { SampleRate = 96000 }, "audio_format.sample_rate_hertz" },
        { new SynthesisSettings { SpeakingRate = 2.5f }, "speaking_rate" },
        { new SynthesisSettings { SpeakingRate = 0.1f }, "speaking_rate" },
        { new SynthesisSettings { SpeakingRate = float.NaN }, "speaking_rate" },
        { new SynthesisSettings { Variation = 1.5f }, "variation" },
        { new SynthesisSettings { Variation = -0.1f }, "variation" },
        { new SynthesisSettings { LanguageCode = "de-DE" }, "language_code" },
        { new SynthesisSettings { LanguageCode = "english please" }, "language_code" },
        { new SynthesisSettings { ChunkDuration = TimeSpan.FromMilliseconds(5) }, "chunk_duration" },
        { new SynthesisSettings { ChunkDuration = TimeSpan.FromSeconds(3) }, "chunk_duration" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Refuses_bad_settings_naming_the_field(SynthesisSettings settings, string field)
    {
        var error = Assert.Throws<SynthesisRequestException>(() => fixture.Engine.Open(settings));
        Assert.Equal(field, error.Field);
        Assert.StartsWith(field + ": ", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("en-US")]
    [InlineData("en-GB")]
    public void Accepts_any_variant_of_the_voice_language(string language)
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings { LanguageCode = language });
        Assert.Equal("en-US", stream.Voice.LanguageCode);
    }

    [Theory]
    [InlineData("", "no words")]
    [InlineData("   \n\t ", "no words")]
    [InlineData("... !!!", "no words")]
    [InlineData("Bell \u0007 rings.", "U+0007")]
    [InlineData("Undecodable \uFFFD bytes.", "U+FFFD")]
    public void Refuses_bad_text_naming_the_field(string text, string reason)
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var error = Assert.Throws<SynthesisRequestException>(() => stream.SpeakAsync(text, Token));
        Assert.Equal("text", error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_an_unpaired_surrogate()
    {
        // Built at run time: a lone surrogate in attribute data would not survive the test runner's serialisation.
        var text = "Broken " + (char)0xD800 + " surrogate.";
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var error = Assert.Throws<SynthesisRequestException>(() => stream.SpeakAsync(text, Token));
        Assert.Equal("text", error.Field);
        Assert.Contains("unpaired surrogate U+D800 at position 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_text_over_the_limit_naming_it()
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        var error = Assert.Throws<SynthesisRequestException>(() => stream.SpeakAsync(new string('a', 5001), Token));
        Assert.Equal("text: 5,001 characters is over the limit of 5,000 (Speech:Synthesis:MaxTextCharacters).", error.Message);
    }

    [Fact]
    public void Accepts_emoji_and_line_breaks()
    {
        using var stream = fixture.Engine.Open(new SynthesisSettings());
        Assert.NotNull(stream.SpeakAsync("Great job \U0001F600!\r\nNext\tquestion.", Token));
    }

    [Fact]
    public void Lists_curated_voices_by_language()
    {
        var all = fixture.Engine.ListVoices();
        Assert.NotEmpty(all);
        Assert.All(all, v => Assert.Equal(22050, v.SampleRate));
        Assert.Equal(all, fixture.Engine.ListVoices("en"));
        Assert.Equal(all, fixture.Engine.ListVoices("EN-us"));
        Assert.Empty(fixture.Engine.ListVoices("de"));
        Assert.Empty(fixture.Engine.ListVoices("e"));
    }

    private static async IAsyncEnumerable<TextInput> Inputs(params string[] fragments)
    {
        foreach (var fragment in fragments)
        {
            await Task.Yield();
            yield return new TextInput(fragment);
        }
    }
}
