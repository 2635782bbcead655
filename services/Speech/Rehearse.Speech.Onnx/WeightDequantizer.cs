using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Rehearse.Speech.Onnx;

/// <summary>
/// Dequantizes, once at load time, int8 weights that ONNX Runtime would otherwise dequantize on every run.
/// </summary>
/// <remarks>
/// ONNX Runtime leaves <c>DequantizeLinear</c> nodes out of constant folding (they mark quantized patterns for its
/// fusions). Where such a node only turns a stored weight into the float input of a plain <c>MatMul</c>, nothing is
/// fused and the node runs every time: in Moonshine's decoder the output projection (the 32,768-token embedding,
/// transposed) is dequantized at every decoding step, inside both branches of the decoder's cache <c>If</c>.
/// Replacing the node (and the <c>Transpose</c> of the stored weight before it) by its float result gives the
/// product the same weights, computed once; the product's sums may round differently in the last bits (ONNX
/// Runtime packs a constant weight). Memory grows by the float copy (4 bytes per weight).
/// </remarks>
public static class WeightDequantizer
{
    private const int FloatType = 1;
    private const int Uint8Type = 2;
    private const int Int8Type = 3;

    /// <summary>
    /// The model with every foldable <c>DequantizeLinear</c> (in the main graph or its subgraphs) replaced by a float
    /// initializer of the main graph, and the names of the folded nodes (none: <paramref name="model"/> is returned
    /// unchanged).
    /// </summary>
    public static (byte[] Model, IReadOnlyList<string> FoldedNodes) Fold(byte[] model)
    {
        var parsed = ModelProto.Parser.ParseFrom(model);
        if (parsed.Graph is not { } main)
        {
            return (model, []);
        }
        var initializers = new Dictionary<string, TensorProto>();
        foreach (var graph in GraphsWithin(main))
        {
            foreach (var tensor in graph.Initializer)
            {
                initializers.TryAdd(tensor.Name, tensor);
            }
        }

        var folded = new List<string>();
        // Each float weight added to the main graph, by name, with what it was made of: both branches of an If may
        // dequantize the same stored weight under the same name, which is then computed once and held once.
        var made = new Dictionary<string, string>();
        foreach (var graph in GraphsWithin(main).ToList())
        {
            for (var i = graph.Node.Count - 1; i >= 0; i--)
            {
                var node = graph.Node[i];
                if (!IsWeightForMatMulOnly(node, graph))
                {
                    continue;
                }
                var transpose = graph.Node.FirstOrDefault(producer => producer.Output.Contains(node.Input[0]));
                if (transpose is not null && !IsAxisSwap(transpose))
                {
                    continue;
                }
                var stored = transpose?.Input[0] ?? node.Input[0];
                var axis = node.Attribute.FirstOrDefault(attribute => attribute.Name == "axis")?.I ?? 1;
                var origin = $"{(transpose is null ? "" : "transposed ")}{string.Join(' ', node.Input.Skip(1).Prepend(stored))} axis {axis}";
                if (made.TryGetValue(node.Output[0], out var earlier))
                {
                    // The same name made of something else (sibling branches may reuse names): left alone.
                    if (earlier != origin)
                    {
                        continue;
                    }
                }
                else
                {
                    var weight = initializers.GetValueOrDefault(stored);
                    var values = weight is not null && transpose is not null ? Transposed(weight, transpose.Output[0]) : weight;
                    if (values is null || Dequantize(node, values, axis, initializers) is not { } weights)
                    {
                        continue;
                    }
                    main.Initializer.Add(weights);
                    made.Add(node.Output[0], origin);
                }
                graph.Node.RemoveAt(i);
                if (transpose is not null && !GraphsWithin(graph).SelectMany(g => g.Node).Any(user => user.Input.Contains(transpose.Output[0])))
                {
                    graph.Node.Remove(transpose);
                }
                folded.Add(node.Name);
            }
        }
        return folded.Count == 0 ? (model, []) : (parsed.ToByteArray(), folded);
    }

    /// <summary>A graph and every subgraph in it (the branches of If, the bodies of Loop and Scan).</summary>
    private static IEnumerable<GraphProto> GraphsWithin(GraphProto graph) =>
        graph.Node
            .SelectMany(node => node.Attribute)
            .SelectMany(attribute => attribute.Graphs.Prepend(attribute.G).OfType<GraphProto>())
            .SelectMany(GraphsWithin)
            .Prepend(graph);

    // A DequantizeLinear whose output feeds only plain matrix products as their weight (second) input: anything
    // else may be part of a quantized pattern ONNX Runtime fuses, and is left alone.
    private static bool IsWeightForMatMulOnly(NodeProto node, GraphProto graph)
    {
        if (node is not { OpType: "DequantizeLinear", Domain: "" or "ai.onnx", Output.Count: 1, Input.Count: 2 or 3 })
        {
            return false;
        }
        var output = node.Output[0];
        var users = GraphsWithin(graph).SelectMany(g => g.Node).Where(user => user.Input.Contains(output)).ToList();
        return users.Count > 0 && users.All(user =>
            user is { OpType: "MatMul", Domain: "" or "ai.onnx", Input.Count: 2 } && user.Input[1] == output && user.Input[0] != output);
    }

    // A Transpose that swaps the two axes of a matrix (ONNX Runtime would fold it on a stored weight anyway).
    private static bool IsAxisSwap(NodeProto transpose) =>
        transpose is { OpType: "Transpose", Domain: "" or "ai.onnx", Input.Count: 1, Output.Count: 1 }
        && transpose.Attribute.FirstOrDefault(attribute => attribute.Name == "perm")?.Ints is null or [] or [1, 0];

    // A stored 2-D 8-bit weight, transposed, under the name the Transpose gave it.
    private static TensorProto? Transposed(TensorProto weight, string name)
    {
        if (weight is not { Dims.Count: 2, DataType: Int8Type or Uint8Type } || weight.RawData.Length != weight.Dims[0] * weight.Dims[1])
        {
            return null;
        }
        int rows = (int)weight.Dims[0], columns = (int)weight.Dims[1];
        var source = weight.RawData.Span;
        var transposed = new byte[source.Length];
        // In tiles, so that both the reads and the writes stay in cache.
        const int Tile = 64;
        for (var rowStart = 0; rowStart < rows; rowStart += Tile)
        {
            for (var columnStart = 0; columnStart < columns; columnStart += Tile)
            {
                for (var row = rowStart; row < Math.Min(rowStart + Tile, rows); row++)
                {
                    for (var column = columnStart; column < Math.Min(columnStart + Tile, columns); column++)
                    {
                        transposed[column * rows + row] = source[row * columns + column];
                    }
                }
            }
        }
        var result = new TensorProto { Name = name, DataType = weight.DataType, RawData = ByteString.CopyFrom(transposed) };
        result.Dims.Add(columns);
        result.Dims.Add(rows);
        return result;
    }

    private static TensorProto? Dequantize(NodeProto node, TensorProto values, long axis, Dictionary<string, TensorProto> initializers)
    {
        var scale = initializers.GetValueOrDefault(node.Input[1]);
        var hasZeroPoint = node.Input.Count == 3 && node.Input[2].Length > 0;
        var zeroPoint = hasZeroPoint ? initializers.GetValueOrDefault(node.Input[2]) : null;
        var count = values.Dims.Aggregate(1L, (product, dim) => product * dim);
        if (scale is not { DataType: FloatType }
            || values.DataType is not (Int8Type or Uint8Type)
            || values.RawData.Length != count
            || (hasZeroPoint && zeroPoint?.DataType != values.DataType)
            || !BitConverter.IsLittleEndian)
        {
            return null;
        }
        var scales = Floats(scale);
        var zeroPoints = zeroPoint is null ? new float[] { 0 }
            // Small tensors may store 8-bit values one per int32 instead of as raw bytes.
            : zeroPoint.RawData.Length > 0 ? ToFloats(zeroPoint.RawData.Span, values.DataType) : [.. zeroPoint.Int32Data.Select(value => (float)value)];
        if (scales.Length == 0 || (zeroPoints.Length != 1 && zeroPoints.Length != scales.Length))
        {
            return null;
        }

        // One scale for the whole tensor, or one per slice along the node's axis (default 1).
        var dims = values.Dims.ToArray();
        long inner = count, channels = 1;
        if (scales.Length > 1)
        {
            axis = axis < 0 ? axis + dims.Length : axis;
            if (axis < 0 || axis >= dims.Length || dims[axis] != scales.Length)
            {
                return null;
            }
            channels = dims[axis];
            inner = dims.Skip((int)axis + 1).Aggregate(1L, (product, dim) => product * dim);
        }

        // As ONNX Runtime computes it: x - zero point (exact in single precision for 8-bit values), times the scale.
        var result = ToFloats(values.RawData.Span, values.DataType);
        for (long offset = 0; offset < count; offset += inner)
        {
            var channel = (int)(offset / inner % channels);
            var slice = result.AsSpan((int)offset, (int)inner);
            TensorPrimitives.Subtract(slice, zeroPoints[zeroPoints.Length == 1 ? 0 : channel], slice);
            TensorPrimitives.Multiply(slice, scales[channel], slice);
        }
        var tensor = new TensorProto { Name = node.Output[0], DataType = FloatType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(result.AsSpan())) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static float[] ToFloats(ReadOnlySpan<byte> values, int dataType)
    {
        var result = new float[values.Length];
        if (dataType == Int8Type)
        {
            TensorPrimitives.ConvertChecked<sbyte, float>(MemoryMarshal.Cast<byte, sbyte>(values), result);
        }
        else
        {
            TensorPrimitives.ConvertChecked<byte, float>(values, result);
        }
        return result;
    }

    // Raw data is little-endian; Dequantize declines on other machines before reading it.
    private static float[] Floats(TensorProto tensor) =>
        tensor.RawData.Length == 0 ? [.. tensor.FloatData] : MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
}
