using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace Rehearse.Speech.Onnx;

/// <summary>
/// Gives the native memory that finished model runs no longer use back to the operating system. Without it the
/// process keeps what its busiest moment needed: the shared CPU arena holds its largest regions, and glibc keeps
/// freed blocks in the per-thread malloc arenas of every thread that ran a model. Releasing has a price paid later:
/// the next runs allocate and fault their buffers in again, so it is done when a call ends, not after every run.
/// </summary>
public static class OnnxMemory
{
    // ONNX Runtime frees unused arena regions only at the end of a run that asks for it, so releasing runs a model
    // that does nothing (Identity of one float) on the shared arena.
    private static readonly Lazy<InferenceSession> ShrinkingSession = new(CreateShrinkingSession);
    private static bool _canTrim = OperatingSystem.IsLinux();

    /// <summary>
    /// Frees the shared CPU arena's regions that no run is using, then returns the C allocator's free memory (glibc's
    /// <c>malloc_trim</c>). Memory that runs still in progress hold stays theirs. Safe to call from any thread.
    /// </summary>
    public static void Release()
    {
        ShrinkArena();
        ReturnFreeMemory();
    }

    private static void ShrinkArena()
    {
        using var options = new RunOptions();
        options.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        using var input = OrtValue.CreateTensorValueFromMemory(new float[1], [1]);
        using var outputs = ShrinkingSession.Value.Run(options, ["x"], [input], ["y"]);
    }

    private static void ReturnFreeMemory()
    {
        if (!_canTrim)
        {
            return;
        }
        try
        {
            MallocTrim(0);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (musl, for one): nothing to trim.
            _canTrim = false;
        }
    }

    private static InferenceSession CreateShrinkingSession()
    {
        // The session settings every speech model uses, so it shares their arena.
        using var options = new OnnxSessionSettings(IntraOpThreads: 1).CreateSessionOptions();
        return new InferenceSession(IdentityModel(), options);
    }

    // The ONNX model y = Identity(x), x and y float[1], IR version 8, opset 13; field numbers from onnx/onnx.proto.
    private static byte[] IdentityModel()
    {
        var node = Message(m => m.Text(1, "x").Text(2, "y").Text(4, "Identity"));
        var graph = Message(m => m.Bytes(1, node).Text(2, "release").Bytes(11, FloatVector("x")).Bytes(12, FloatVector("y")));
        return Message(m => m.Number(1, 8).Bytes(7, graph).Bytes(8, Message(o => o.Number(2, 13))));

        // ValueInfoProto { name, type: TypeProto { tensor_type { elem_type FLOAT, shape { dim { dim_value 1 } } } } }
        static byte[] FloatVector(string name) =>
            Message(m => m.Text(1, name).Bytes(2, Message(t => t.Bytes(1, Message(tensor => tensor
                .Number(1, 1)
                .Bytes(2, Message(shape => shape.Bytes(1, Message(dim => dim.Number(1, 1))))))))));
    }

    private static byte[] Message(Action<ProtoWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer))
        {
            write(new ProtoWriter(output));
        }
        return buffer.ToArray();
    }

    private readonly record struct ProtoWriter(CodedOutputStream Output)
    {
        public ProtoWriter Number(int field, long value)
        {
            Output.WriteTag(field, WireFormat.WireType.Varint);
            Output.WriteInt64(value);
            return this;
        }

        public ProtoWriter Bytes(int field, byte[] value)
        {
            Output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            Output.WriteBytes(ByteString.CopyFrom(value));
            return this;
        }

        public ProtoWriter Text(int field, string value)
        {
            Output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            Output.WriteString(value);
            return this;
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
