using Google.Protobuf;

namespace Rehearse.Speech.Onnx.UnitTests;

public sealed class WeightDequantizerTests
{
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
    public void Both_branches_of_an_if_share_one_folded_weight_and_a_same_named_weight_made_of_other_inputs_is_left_alone()
    {
        var condition = Node("If", "branch", ["flag"], ["y"]);
        condition.Attribute.Add(new AttributeProto { Name = "then_branch", G = Branch("then", "scale") });
        condition.Attribute.Add(new AttributeProto { Name = "else_branch", G = Branch("else", "scale") });
        var other = Node("If", "other", ["flag"], ["z"]);
        other.Attribute.Add(new AttributeProto { Name = "then_branch", G = Branch("other", "other_scale") });
        var model = new ModelProto { Graph = new GraphProto() };
        model.Graph.Node.Add(condition);
        model.Graph.Node.Add(other);
        model.Graph.Initializer.Add(Tensor("weight_q", 3, [2, 2], [1, 2, 3, 4]));
        model.Graph.Initializer.Add(Tensor("scale", 1, [], BitConverter.GetBytes(0.5f)));
        model.Graph.Initializer.Add(Tensor("other_scale", 1, [], BitConverter.GetBytes(2f)));

        var (folded, nodes) = WeightDequantizer.Fold(model.ToByteArray());

        Assert.Equal(["then dequantize", "else dequantize"], nodes);
        var result = ModelProto.Parser.ParseFrom(folded);
        var weight = Assert.Single(result.Graph.Initializer, tensor => tensor.Name == "weight_t");
        Assert.Equal([0.5f, 1.5f, 1f, 2f], Enumerable.Range(0, 4).Select(i => BitConverter.ToSingle(weight.RawData.Span[(i * 4)..])));
        Assert.Equal(["other transpose", "other dequantize", "other project"], result.Graph.Node[1].Attribute[0].G.Node.Select(node => node.Name));
    }

    // A branch that transposes the stored weight, dequantizes it with the given scale and multiplies by it.
    private static GraphProto Branch(string name, string scale)
    {
        var branch = new GraphProto();
        branch.Node.Add(Node("Transpose", $"{name} transpose", ["weight_q"], ["weight_qt"]));
        branch.Node.Add(Node("DequantizeLinear", $"{name} dequantize", ["weight_qt", scale], ["weight_t"]));
        branch.Node.Add(Node("MatMul", $"{name} project", ["x", "weight_t"], ["y"]));
        return branch;
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
}
