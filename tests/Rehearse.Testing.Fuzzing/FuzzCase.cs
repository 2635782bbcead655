using Google.Protobuf.Reflection;

namespace Rehearse.Testing.Fuzzing;

/// <summary>
/// One fuzzed call: the rpc and the request messages sent on it, all determined by <see cref="Seed"/>, so a
/// failing case is replayed from its rpc name and seed alone (<see cref="Create"/>).
/// </summary>
/// <param name="Method">The rpc.</param>
/// <param name="Seed">The seed the messages were made from.</param>
/// <param name="Messages">The request messages; for a client stream possibly none (an immediate half-close).</param>
/// <param name="Mutations">How each message was broken.</param>
public sealed record FuzzCase(MethodDescriptor Method, int Seed, IReadOnlyList<byte[]> Messages, IReadOnlyList<Mutation> Mutations)
{
    private const int MaxStreamMessages = 6;

    /// <summary>Makes the case of <paramref name="method"/> for <paramref name="seed"/>.</summary>
    public static FuzzCase Create(MethodDescriptor method, int seed, FuzzValues values)
    {
        var random = new Random(seed);
        var generator = new MessageGenerator(values);
        // A client stream sends a sequence (sometimes none at all); a single request is one message.
        var count = method.IsClientStreaming ? random.Next(MaxStreamMessages + 1) : 1;
        var messages = new List<byte[]>(count);
        var mutations = new List<Mutation>(count);
        for (var i = 0; i < count; i++)
        {
            var mutation = WireMutator.Pick(random);
            messages.Add(WireMutator.Apply(mutation, generator.Generate(method.InputType, random), random));
            mutations.Add(mutation);
        }
        return new FuzzCase(method, seed, messages, mutations);
    }

    /// <summary>The case without its message bytes (their count kept), for the record of a call that passed.</summary>
    public FuzzCase WithoutBytes() => this with { Messages = [.. Messages.Select(_ => Array.Empty<byte>())] };

    /// <summary>The seed of call <paramref name="index"/> of a run with <paramref name="runSeed"/>.</summary>
    public static int SeedOf(int runSeed, long index)
    {
        // SplitMix64: neighbouring indexes get unrelated seeds.
        var z = unchecked((ulong)runSeed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    /// <summary>The case for a report: rpc, seed, mutations and the messages in hex (long ones cut).</summary>
    public string Describe()
    {
        const int MaxHexBytes = 256;
        var lines = new List<string> { $"{Method.Service.FullName}/{Method.Name} seed {Seed}: {Messages.Count} message(s)" };
        for (var i = 0; i < Messages.Count; i++)
        {
            var bytes = Messages[i];
            var hex = Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, MaxHexBytes)));
            lines.Add($"  [{i}] {Mutations[i]}, {bytes.Length} bytes: {hex}{(bytes.Length > MaxHexBytes ? "..." : "")}");
        }
        return string.Join(Environment.NewLine, lines);
    }
}
