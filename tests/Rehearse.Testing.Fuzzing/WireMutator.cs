using System.Text;

namespace Rehearse.Testing.Fuzzing;

/// <summary>How a message was broken.</summary>
public enum Mutation
{
    /// <summary>Left as generated: well-typed, with extreme values.</summary>
    None,

    /// <summary>One to eight bits flipped.</summary>
    BitFlips,

    /// <summary>Cut short at a random byte.</summary>
    Truncation,

    /// <summary>A field's tag rewritten with another field number and wire type (including the invalid 6 and 7).</summary>
    TagCorruption,

    /// <summary>A length prefix replaced by one far past the end of the message.</summary>
    OversizedLength,

    /// <summary>One field repeated hundreds or thousands of times.</summary>
    RepeatedField,

    /// <summary>A megabyte-sized length-delimited field appended.</summary>
    HugeField,

    /// <summary>Unknown groups nested deeper than the parser's recursion limit.</summary>
    DeepNesting,

    /// <summary>Random bytes inserted at a random place.</summary>
    Splice,
}

/// <summary>Breaks serialized protobuf messages at the wire level, field boundaries known.</summary>
public static class WireMutator
{
    private static readonly Mutation[] Mutations = Enum.GetValues<Mutation>().Where(m => m != Mutation.None).ToArray();

    /// <summary>A random mutation (or none, a third of the time).</summary>
    public static Mutation Pick(Random random) => random.Next(3) == 0 ? Mutation.None : Mutations[random.Next(Mutations.Length)];

    /// <summary><paramref name="message"/> broken by <paramref name="mutation"/>.</summary>
    public static byte[] Apply(Mutation mutation, byte[] message, Random random)
    {
        var fields = TopLevelFields(message);
        switch (mutation)
        {
            case Mutation.None:
                return message;
            case Mutation.BitFlips:
                if (message.Length == 0)
                {
                    return [0xFF];
                }
                var flipped = (byte[])message.Clone();
                for (var i = random.Next(1, 9); i > 0; i--)
                {
                    flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
                }
                return flipped;
            case Mutation.Truncation:
                return message.Length == 0 ? [0x0A] : message[..random.Next(message.Length)];
            case Mutation.TagCorruption:
            {
                var tag = Varint(((ulong)RandomFieldNumber(random) << 3) | (uint)random.Next(8));
                if (fields.Count == 0)
                {
                    return [.. tag, .. message];
                }
                var field = fields[random.Next(fields.Count)];
                return [.. message[..field.Start], .. tag, .. message[field.TagEnd..]];
            }
            case Mutation.OversizedLength:
            {
                var delimited = fields.Where(f => f.IsLengthDelimited).ToList();
                ulong[] lengths = [int.MaxValue, uint.MaxValue, ulong.MaxValue, 1UL << 40];
                var length = Varint(random.Next(2) == 0 ? lengths[random.Next(lengths.Length)] : (ulong)(message.Length + random.Next(1, 100)));
                if (delimited.Count == 0)
                {
                    return [.. message, .. Varint((1UL << 3) | 2), .. length, .. "x"u8];
                }
                var field = delimited[random.Next(delimited.Count)];
                return [.. message[..field.TagEnd], .. length, .. message[field.ValueStart..]];
            }
            case Mutation.RepeatedField:
            {
                if (fields.Count == 0)
                {
                    return message;
                }
                var field = fields[random.Next(fields.Count)];
                var bytes = message[field.Start..field.End];
                var copies = Math.Clamp((2 << 20) / Math.Max(1, bytes.Length), 1, random.Next(100, 5000));
                var repeated = new byte[message.Length + bytes.Length * copies];
                message.CopyTo(repeated, 0);
                for (var i = 0; i < copies; i++)
                {
                    bytes.CopyTo(repeated, message.Length + i * bytes.Length);
                }
                return repeated;
            }
            case Mutation.HugeField:
            {
                var number = fields.Count > 0 && random.Next(3) > 0 ? fields[random.Next(fields.Count)].Number : RandomFieldNumber(random);
                var content = random.Next(2) == 0
                    ? Encoding.UTF8.GetBytes(new string('y', random.Next(1 << 20, 3 << 20)))
                    : FuzzValues.RandomBytes(random, random.Next(1 << 20, 3 << 20));
                return [.. message, .. Varint(((ulong)number << 3) | 2), .. Varint((ulong)content.Length), .. content];
            }
            case Mutation.DeepNesting:
            {
                var depth = random.Next(101, 2000);
                var nested = new List<byte>(message);
                for (var i = 0; i < depth; i++)
                {
                    nested.AddRange(Varint((1000UL << 3) | 3)); // start group
                }
                for (var i = 0; i < depth; i++)
                {
                    nested.AddRange(Varint((1000UL << 3) | 4)); // end group
                }
                return [.. nested];
            }
            case Mutation.Splice:
            {
                var at = random.Next(message.Length + 1);
                return [.. message[..at], .. FuzzValues.RandomBytes(random, random.Next(1, 32)), .. message[at..]];
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null);
        }
    }

    /// <summary>The top-level fields of a message, as far as they can be read (up to the first malformed one).</summary>
    public static IReadOnlyList<WireField> TopLevelFields(byte[] message)
    {
        var fields = new List<WireField>();
        var at = 0;
        while (at < message.Length)
        {
            var start = at;
            if (!TryReadVarint(message, ref at, out var tag) || tag >> 3 is 0 or > int.MaxValue)
            {
                break;
            }
            var tagEnd = at;
            var valueStart = at;
            switch ((int)(tag & 7))
            {
                case 0:
                    if (!TryReadVarint(message, ref at, out _))
                    {
                        return fields;
                    }
                    break;
                case 1:
                    at += 8;
                    break;
                case 5:
                    at += 4;
                    break;
                case 2:
                    if (!TryReadVarint(message, ref at, out var length) || length > (ulong)(message.Length - at))
                    {
                        return fields;
                    }
                    valueStart = at;
                    at += (int)length;
                    break;
                default:
                    return fields;
            }
            if (at > message.Length)
            {
                break;
            }
            fields.Add(new WireField((int)(tag >> 3), start, tagEnd, valueStart, at));
        }
        return fields;
    }

    private static int RandomFieldNumber(Random random) => random.Next(5) switch
    {
        0 => (1 << 29) - 1, // the largest field number
        1 => random.Next(19000, 20000), // reserved for the protobuf implementation
        _ => random.Next(1, 30),
    };

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>(10);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static bool TryReadVarint(byte[] bytes, ref int at, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64 && at < bytes.Length; shift += 7)
        {
            var b = bytes[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>Where one top-level field lies in a serialized message.</summary>
/// <param name="Number">Its field number.</param>
/// <param name="Start">Offset of its tag.</param>
/// <param name="TagEnd">Offset just past its tag.</param>
/// <param name="ValueStart">Offset of its value (past the length prefix, for a length-delimited field).</param>
/// <param name="End">Offset just past its value.</param>
public sealed record WireField(int Number, int Start, int TagEnd, int ValueStart, int End)
{
    /// <summary>Whether the field has a length prefix.</summary>
    public bool IsLengthDelimited => ValueStart > TagEnd;
}
