using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Rehearse.Speech.Recognition.Onnx;
using Rehearse.Testing;

namespace Rehearse.Speech.Recognition.UnitTests;

public sealed class WeightDequantizerTests
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

    [Fact]
    public void A_weight_behind_a_transpose_becomes_its_dequantized_transpose_in_the_outer_graph()
    {
        var branch = new GraphProto();
        branch.Node.Add(Node("Transpose", "transpose", ["weight_q"], ["weight_qt"]));
        branch.Node.Add(Node("DequantizeLinear", "dequantize", ["weight_qt", "scale", "zero"], ["weight_t"]));
        branch.Node.Add(Node("MatMul", "project", ["x", "weight_t"], ["y"]));
        var condition = Node("If", "branch", ["flag"], ["y"]);
        condition.Attribute.Add(new AttributeProto { Name = "then_branch", G = branch });
        var model = new ModelProto { Graph = new GraphProto() };
        model.Graph.Node.Add(condition);
        // 2 x 3, int8, rows [-2 0 5] [1 -128 127]; scale 0.5; zero point 1.
        model.Graph.Initializer.Add(Tensor("weight_q", 3, [2, 3], [unchecked((byte)-2), 0, 5, 1, 0x80, 127]));
        model.Graph.Initializer.Add(Tensor("scale", 1, [], BitConverter.GetBytes(0.5f)));
        model.Graph.Initializer.Add(Tensor("zero", 3, [], [1]));

        var (folded, nodes) = WeightDequantizer.Fold(model.ToByteArray());

        Assert.Equal(["dequantize"], nodes);
        var result = ModelProto.Parser.ParseFrom(folded);
        Assert.Equal(["project"], result.Graph.Node[0].Attribute[0].G.Node.Select(node => node.Name));
        var weight = Assert.Single(result.Graph.Initializer, tensor => tensor.Name == "weight_t");
        Assert.Equal([3L, 2L], weight.Dims);
        Assert.Equal(1, weight.DataType);
        var values = Enumerable.Range(0, 6).Select(i => BitConverter.ToSingle(weight.RawData.Span[(i * 4)..])).ToArray();
        // Transposed: columns of the stored weight, each (x - 1) * 0.5.
        Assert.Equal([-1.5f, 0f, -0.5f, -64.5f, 2f, 63f], values);
    }

    [Fact]
    public void A_dequantized_value_that_feeds_anything_but_a_matrix_product_is_left_alone()
    {
        var model = new ModelProto { Graph = new GraphProto() };
        model.Graph.Node.Add(Node("DequantizeLinear", "dequantize", ["weight_q", "scale"], ["weight"]));
        model.Graph.Node.Add(Node("MatMul", "project", ["x", "weight"], ["y"]));
        model.Graph.Node.Add(Node("Add", "bias", ["weight", "x"], ["z"]));
        model.Graph.Initializer.Add(Tensor("weight_q", 3, [2], [1, 2]));
        model.Graph.Initializer.Add(Tensor("scale", 1, [], BitConverter.GetBytes(0.5f)));
        var bytes = model.ToByteArray();

        var (folded, nodes) = WeightDequantizer.Fold(bytes);

        Assert.Empty(nodes);
        Assert.Same(bytes, folded);
    }

    private static NodeProto Node(string op, string name, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        return node;
    }

    private static TensorProto Tensor(string name, int type, long[] dims, byte[] raw)
    {
        var tensor = new TensorProto { Name = name, DataType = type, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.AddRange(dims);
        return tensor;
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
