using System.Buffers;
using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Orleans.Serialization;
using Orleans.Serialization.Buffers;
using Orleans.Serialization.Cloning;
using Orleans.Serialization.Codecs;
using Orleans.Serialization.Serializers;
using Orleans.Serialization.WireProtocol;

namespace Rehearse.Interview.Api.Sessions;

/// <summary>
/// Lets the contract's protobuf messages cross silos as grain call arguments and results: a message is written as its
/// type and its protobuf encoding.
/// </summary>
internal sealed class ProtobufCodec : IGeneralizedCodec, IGeneralizedCopier, ITypeFilter
{
    private static readonly Type CodecType = typeof(ProtobufCodec);
    private static readonly ConcurrentDictionary<Type, MessageParser> Parsers = new();

    // A field written by this codec names the codec as its type, so reading it asks for the codec by that type.
    public bool IsSupportedType(Type type) => type == CodecType || (typeof(IMessage).IsAssignableFrom(type) && !type.IsAbstract);

    // The codec's own type is written as the field's schema type, the message's type after it.
    bool? ITypeFilter.IsTypeAllowed(Type type) => type == CodecType || typeof(IMessage).IsAssignableFrom(type) ? true : null;

    // Messages handed to or returned from a grain are never changed afterwards (events are shared by every
    // subscriber already), so a call within the silo passes the message itself.
    public object? DeepCopy(object? input, CopyContext context) => input;

    public void WriteField<TBufferWriter>(ref Writer<TBufferWriter> writer, uint fieldIdDelta, Type? expectedType, object? value)
        where TBufferWriter : IBufferWriter<byte>
    {
        if (ReferenceCodec.TryWriteReferenceField(ref writer, fieldIdDelta, expectedType, value))
        {
            return;
        }
        var message = (IMessage)value!;
        writer.WriteFieldHeader(fieldIdDelta, expectedType, CodecType, WireType.TagDelimited);

        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(0, WireType.LengthPrefixed);
        writer.Session.TypeCodec.WriteLengthPrefixed(ref writer, message.GetType());

        var bytes = message.ToByteArray();
        ReferenceCodec.MarkValueField(writer.Session);
        writer.WriteFieldHeaderExpected(1, WireType.LengthPrefixed);
        writer.WriteVarUInt32((uint)bytes.Length);
        writer.Write(bytes);

        writer.WriteEndObject();
    }

    public object ReadValue<TInput>(ref Reader<TInput> reader, Field field)
    {
        if (field.IsReference)
        {
            return ReferenceCodec.ReadReference<object, TInput>(ref reader, field)!;
        }
        field.EnsureWireTypeTagDelimited();
        var placeholder = ReferenceCodec.CreateRecordPlaceholder(reader.Session);
        Type? type = null;
        object? result = null;
        uint fieldId = 0;
        while (true)
        {
            var header = reader.ReadFieldHeader();
            if (header.IsEndBaseOrEndObject)
            {
                break;
            }
            fieldId += header.FieldIdDelta;
            switch (fieldId)
            {
                case 0:
                    ReferenceCodec.MarkValueField(reader.Session);
                    type = reader.Session.TypeCodec.ReadLengthPrefixed(ref reader);
                    break;
                case 1:
                    ReferenceCodec.MarkValueField(reader.Session);
                    var length = reader.ReadVarUInt32();
                    var bytes = reader.ReadBytes(length);
                    result = Parser(type ?? throw new InvalidOperationException("A protobuf message arrived without its type.")).ParseFrom(bytes);
                    break;
                default:
                    reader.ConsumeUnknownField(header);
                    break;
            }
        }
        ReferenceCodec.RecordObject(reader.Session, result!, placeholder);
        return result ?? throw new InvalidOperationException("A protobuf message arrived without its content.");
    }

    private static MessageParser Parser(Type type) => Parsers.GetOrAdd(type, t =>
        (MessageParser)(t.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)?.GetValue(null)
            ?? throw new InvalidOperationException($"{t} has no protobuf parser.")));
}
