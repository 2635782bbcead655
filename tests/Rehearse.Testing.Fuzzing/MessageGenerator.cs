using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Rehearse.Testing.Fuzzing;

/// <summary>
/// Writes random messages of a given type that are well-typed on the wire (every field with its declared wire
/// type) but hold extreme values: empty and huge strings, invalid UTF-8, boundary integers, NaN and infinities,
/// unknown enum values, long repeated fields, durations and timestamps out of range, and bytes that look like
/// audio files with broken headers. A third of the messages are tame instead (small numbers, known enum values,
/// ordinary text, valid audio), so that requests get past validation into the code behind it.
/// </summary>
public sealed class MessageGenerator(FuzzValues values)
{
    private const int MaxDepth = 4;

    /// <summary>A random message of type <paramref name="type"/>, serialized.</summary>
    public byte[] Generate(MessageDescriptor type, Random random) => Message(type, random, random.Next(3) == 0, 0);

    private byte[] Message(MessageDescriptor type, Random random, bool tame, int depth)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        WriteMessage(output, type, random, tame, depth);
        output.Flush();
        return buffer.ToArray();
    }

    private void WriteMessage(CodedOutputStream output, MessageDescriptor type, Random random, bool tame, int depth)
    {
        // Each oneof gets at most one member (sometimes none, sometimes two: the parser keeps the last).
        var oneofChoices = type.Oneofs.Where(o => !o.IsSynthetic)
            .ToDictionary(o => o, o => random.Next(o.Fields.Count + 2));
        // Usually in field order, sometimes shuffled: the parser must not depend on the order.
        var fields = type.Fields.InFieldNumberOrder().ToArray();
        if (random.Next(4) == 0)
        {
            random.Shuffle(fields);
        }
        foreach (var field in fields)
        {
            if (field.RealContainingOneof is { } oneof)
            {
                var choice = oneofChoices[oneof];
                var chosen = choice < oneof.Fields.Count ? oneof.Fields[choice] == field : choice == oneof.Fields.Count && random.Next(2) == 0;
                if (!chosen)
                {
                    continue;
                }
            }
            else if (random.Next(100) >= (depth == 0 ? 75 : 50))
            {
                continue;
            }
            var count = !field.IsRepeated ? 1 : random.Next(10) switch
            {
                0 when !tame && depth == 0 && field.FieldType != FieldType.Message => random.Next(500, 5000),
                < 4 => 0,
                _ => random.Next(1, 5),
            };
            for (var i = 0; i < count; i++)
            {
                WriteField(output, field, random, tame, depth);
            }
        }
    }

    private void WriteField(CodedOutputStream output, FieldDescriptor field, Random random, bool tame, int depth)
    {
        if (tame && WriteTameField(output, field, random))
        {
            return;
        }
        switch (field.FieldType)
        {
            case FieldType.Message:
            case FieldType.Group:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(depth >= MaxDepth
                    ? ByteString.Empty
                    : ByteString.CopyFrom(Message(field.MessageType, random, tame, depth + 1)));
                break;
            case FieldType.String:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(values.StringBytes(random)));
                break;
            case FieldType.Bytes:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(FuzzValues.Bytes(random)));
                break;
            case FieldType.Bool:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteUInt64(random.Next(4) switch { 0 => 0, 1 => 1, 2 => 2, _ => ulong.MaxValue });
                break;
            case FieldType.Enum:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                var known = field.EnumType.Values;
                output.WriteInt32(random.Next(3) == 0 ? FuzzValues.Int32(random) : known[random.Next(known.Count)].Number);
                break;
            case FieldType.Int32:
            case FieldType.SInt32:
            case FieldType.UInt32:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                var int32 = FuzzValues.Int32(random);
                if (field.FieldType == FieldType.SInt32)
                {
                    output.WriteSInt32(int32);
                }
                else
                {
                    output.WriteInt32(int32);
                }
                break;
            case FieldType.Int64:
            case FieldType.SInt64:
            case FieldType.UInt64:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                var int64 = FuzzValues.Int64(random);
                if (field.FieldType == FieldType.SInt64)
                {
                    output.WriteSInt64(int64);
                }
                else
                {
                    output.WriteInt64(int64);
                }
                break;
            case FieldType.Fixed32:
            case FieldType.SFixed32:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                output.WriteSFixed32(FuzzValues.Int32(random));
                break;
            case FieldType.Fixed64:
            case FieldType.SFixed64:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                output.WriteSFixed64(FuzzValues.Int64(random));
                break;
            case FieldType.Float:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                output.WriteFloat((float)FuzzValues.Double(random));
                break;
            case FieldType.Double:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                output.WriteDouble(FuzzValues.Double(random));
                break;
            default:
                throw new NotSupportedException($"Field {field.FullName} has type {field.FieldType}, which the generator does not write.");
        }
    }

    // Tame scalars: a known enum value, a small number, an ordinary string or valid audio; messages recurse.
    private bool WriteTameField(CodedOutputStream output, FieldDescriptor field, Random random)
    {
        switch (field.FieldType)
        {
            case FieldType.Enum:
                var known = field.EnumType.Values;
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteInt32(known[random.Next(known.Count)].Number);
                return true;
            case FieldType.Int32 or FieldType.UInt32 or FieldType.Int64 or FieldType.UInt64:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Varint);
                output.WriteInt32(random.Next(0, 20));
                return true;
            case FieldType.Float:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed32);
                output.WriteFloat(random.NextSingle());
                return true;
            case FieldType.Double:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.Fixed64);
                output.WriteDouble(random.NextDouble());
                return true;
            case FieldType.String:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(values.TameStringBytes(random)));
                return true;
            case FieldType.Bytes:
                output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                output.WriteBytes(ByteString.CopyFrom(random.Next(2) == 0 ? BadWav.Valid(random) : new byte[random.Next(0, 16_000) * 2]));
                return true;
            default:
                return false;
        }
    }
}

/// <summary>
/// The values the fuzzer draws from: boundary numbers, awkward strings, and, for string fields, the identifiers the
/// caller knows to exist (session ids, voice names), so that requests get past lookups into the code behind them.
/// </summary>
public sealed class FuzzValues(IReadOnlyList<string>? knownStrings = null)
{
    private static readonly string[] AwkwardStrings =
    [
        "", " ", "\0", "a", "en-US", "-1", "0", "99999999999999999999", "null", "../../etc/passwd", "%s%n%x", "\u202E\u0645\u0631\u062D\u0628\u0627",
        "e\u0301\u0301\u0301\u0301", "\U0001F600\U0001F600", "\uFEFF", "\r\n\r\n", "<script>alert(1)</script>", "'; DROP TABLE sessions; --",
        "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "\t\v\f", new string('\u200B', 50),
    ];

    private static readonly string[] TameSentences =
    [
        "Hello.", "I led the migration of our billing system to a queue-based design.", "Could you repeat the question?",
        "Yes", "The cache was invalidated on every write, so we moved to versioned keys.", "en-US",
    ];

    /// <summary>Identifiers that exist on the server under test.</summary>
    public IReadOnlyList<string> KnownStrings { get; } = knownStrings ?? [];

    /// <summary>A boundary or random 32-bit integer.</summary>
    public static int Int32(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => -1,
        2 => int.MaxValue,
        3 => int.MinValue,
        4 => random.Next(-10, 100),
        5 => random.Next(100, 100_000),
        _ => random.Next(int.MinValue, int.MaxValue),
    };

    /// <summary>A boundary or random 64-bit integer.</summary>
    public static long Int64(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => -1,
        2 => long.MaxValue,
        3 => long.MinValue,
        4 => random.Next(-10, 100),
        5 => 315_576_000_001, // one second past the largest protobuf Duration
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    /// <summary>A boundary, non-finite or random floating-point number.</summary>
    public static double Double(Random random) => random.Next(10) switch
    {
        0 => 0,
        1 => double.NaN,
        2 => double.PositiveInfinity,
        3 => double.NegativeInfinity,
        4 => double.MaxValue,
        5 => -double.Epsilon,
        6 => -0.0,
        7 => float.MaxValue,
        _ => (random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-10, 10)),
    };

    /// <summary>The bytes of a string field: usually UTF-8, sometimes huge, sometimes not UTF-8 at all.</summary>
    public byte[] StringBytes(Random random) => random.Next(20) switch
    {
        < 5 when KnownStrings.Count > 0 => Encoding.UTF8.GetBytes(KnownStrings[random.Next(KnownStrings.Count)]),
        < 10 => Encoding.UTF8.GetBytes(AwkwardStrings[random.Next(AwkwardStrings.Length)]),
        < 14 => Encoding.UTF8.GetBytes(RandomText(random, random.Next(1, 200))),
        14 => [0xC3, 0x28, 0xFF, 0xFE], // not UTF-8
        15 => [.. Encoding.UTF8.GetBytes("valid start "), 0xED, 0xA0, 0x80], // an encoded surrogate
        16 => Encoding.UTF8.GetBytes(RandomText(random, random.Next(1_000, 70_000))),
        17 when random.Next(4) == 0 => Encoding.UTF8.GetBytes(new string('x', random.Next(1 << 20, 3 << 20))),
        _ => Encoding.UTF8.GetBytes(RandomText(random, random.Next(200, 2_000))),
    };

    /// <summary>The bytes of an ordinary string: a known identifier or a short sentence.</summary>
    public byte[] TameStringBytes(Random random) =>
        KnownStrings.Count > 0 && random.Next(2) == 0
            ? Encoding.UTF8.GetBytes(KnownStrings[random.Next(KnownStrings.Count)])
            : Encoding.UTF8.GetBytes(TameSentences[random.Next(TameSentences.Length)]);

    /// <summary>The bytes of a bytes field: audio-like data, WAV files with broken headers, or random bytes.</summary>
    public static byte[] Bytes(Random random) => random.Next(12) switch
    {
        0 => [],
        1 or 2 => BadWav.Create(random),
        3 => BadWav.Valid(random),
        4 => RandomBytes(random, random.Next(1, 64)),
        5 => new byte[random.Next(1, 64_000)], // silence
        6 => RandomBytes(random, random.Next(64_000, 400_000)),
        7 when random.Next(8) == 0 => RandomBytes(random, random.Next(1 << 20, 5 << 20)),
        8 => [.. "%PDF-1.7\n"u8, .. RandomBytes(random, random.Next(0, 4_000))],
        _ => RandomBytes(random, random.Next(64, 32_000)),
    };

    /// <summary><paramref name="length"/> random bytes.</summary>
    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string RandomText(Random random, int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?'\"-()\n\u00e9\u00fc\u4e2d\u6587";
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            text.Append(Alphabet[random.Next(Alphabet.Length)]);
        }
        return text.ToString();
    }
}
