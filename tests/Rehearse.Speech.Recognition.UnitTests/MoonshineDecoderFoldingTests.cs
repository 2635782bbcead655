using Microsoft.ML.OnnxRuntime;
using Rehearse.Speech.Onnx;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

/// <summary>Moonshine's decoder as the engine loads it: its output projection folded by <see cref="WeightDequantizer"/>.</summary>
public sealed class MoonshineDecoderFoldingTests
{
    [Theory]
    [InlineData("moonshine-tiny")]
    [InlineData("moonshine-base")]
    public void The_decoders_output_projection_is_folded_and_the_logits_do_not_change(string model)
    {
        var path = Path.Combine(TestPaths.ModelsDirectory, model, "decoder_model_merged.onnx");

        var (folded, nodes) = WeightDequantizer.Fold(File.ReadAllBytes(path));

        // The projection is dequantized in both branches of the decoder's cache If.
        Assert.Equal(["model.decoder.embed_tokens.weight_transposed_DequantizeLinear", "model.decoder.embed_tokens.weight_transposed_DequantizeLinear"], nodes);
        using var original = new InferenceSession(path);
        using var rewritten = new InferenceSession(folded);
        var hidden = EncoderStates(original, frames: 40);
        var (firstOriginal, cacheOriginal) = Step(original, token: 1, hidden, cache: null);
        var (firstRewritten, cacheRewritten) = Step(rewritten, token: 1, hidden, cache: null);
        AssertSameLogits(firstOriginal, firstRewritten);

        // A step with the cache runs the other branch.
        var next = Array.IndexOf(firstOriginal, firstOriginal.Max());
        AssertSameLogits(Step(original, next, hidden, cacheOriginal).Logits, Step(rewritten, next, hidden, cacheRewritten).Logits);
    }

    // The weights are the same numbers; only the matrix product may add them up in another order (ONNX Runtime packs
    // a constant weight), so the logits agree to float rounding and pick the same token.
    private static void AssertSameLogits(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a) / Math.Max(1, Math.Abs(e))).Max();
        Assert.InRange(worst, 0, 1e-5);
        Assert.Equal(Array.IndexOf(expected, expected.Max()), Array.IndexOf(actual, actual.Max()));
    }

    private static float[] EncoderStates(InferenceSession decoder, int frames)
    {
        var width = (int)decoder.InputMetadata["encoder_hidden_states"].Dimensions[2];
        var random = new Random(7);
        return [.. Enumerable.Range(0, frames * width).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    // One decoder step: the logits and the key/value cache for the next step.
    private static (float[] Logits, Dictionary<string, (float[] Data, long[] Shape)> Cache) Step(
        InferenceSession decoder, int token, float[] hidden, Dictionary<string, (float[] Data, long[] Shape)>? cache)
    {
        var width = decoder.InputMetadata["encoder_hidden_states"].Dimensions[2];
        var inputs = new Dictionary<string, OrtValue>
        {
            ["input_ids"] = OrtValue.CreateTensorValueFromMemory(new long[] { token }, [1, 1]),
            ["encoder_hidden_states"] = OrtValue.CreateTensorValueFromMemory(hidden, [1, hidden.Length / width, width]),
            ["use_cache_branch"] = OrtValue.CreateTensorValueFromMemory(new[] { cache is not null }, [1]),
        };
        foreach (var (name, metadata) in decoder.InputMetadata.Where(input => input.Key.StartsWith("past_key_values.", StringComparison.Ordinal)))
        {
            var past = cache?[name] ?? ([], [1, metadata.Dimensions[1], 0, metadata.Dimensions[3]]);
            inputs[name] = OrtValue.CreateTensorValueFromMemory(past.Data, past.Shape);
        }
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = decoder.Run(runOptions, inputs, decoder.OutputNames);
            var next = new Dictionary<string, (float[] Data, long[] Shape)>();
            for (var i = 0; i < decoder.OutputNames.Count; i++)
            {
                var name = decoder.OutputNames[i];
                if (name.StartsWith("present.", StringComparison.Ordinal))
                {
                    next["past_key_values." + name["present.".Length..]] = (outputs[i].GetTensorDataAsSpan<float>().ToArray(), outputs[i].GetTensorTypeAndShape().Shape);
                }
            }
            return (outputs[decoder.OutputNames.ToList().IndexOf("logits")].GetTensorDataAsSpan<float>().ToArray(), next);
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }
}
