using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SealServe.Protos.Tests;

/// <summary>
/// Re-encodes a parsed message the way protobuf's C++ runtime (which writes TensorFlow and ONNX
/// files) does, from our descriptors alone: fields in number order, and map entries always carry
/// both key and value. Google.Protobuf's C# writer leaves out a map entry's key or value when it
/// equals the default, so its bytes can be shorter than the file although nothing was lost.
/// </summary>
internal static class CppStyleEncoding
{
    public static byte[] Encode(IMessage message)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer, leaveOpen: true);
        WriteFields(output, message);
        output.Flush();
        return buffer.ToArray();
    }

    /// <summary>
    /// The same bytes with the fields of every message (nested ones too) stably sorted by number,
    /// for files whose writer did not follow number order. Values stay untouched.
    /// </summary>
    public static byte[] SortFieldsByNumber(ReadOnlySpan<byte> bytes, MessageDescriptor descriptor)
    {
        var input = new CodedInputStream(bytes.ToArray());
        var fields = new List<(int Number, byte[] Encoded)>();
        while (true)
        {
            var start = (int)input.Position;
            var tag = input.ReadTag();
            if (tag == 0)
            {
                break;
            }

            var number = WireFormat.GetTagFieldNumber(tag);
            var field = descriptor.FindFieldByNumber(number);
            if (field?.FieldType == FieldType.Message && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                var payload = SortFieldsByNumber(input.ReadBytes().Span, field.MessageType);
                using var buffer = new MemoryStream();
                var output = new CodedOutputStream(buffer, leaveOpen: true);
                output.WriteTag(tag);
                output.WriteBytes(ByteString.CopyFrom(payload));
                output.Flush();
                fields.Add((number, buffer.ToArray()));
            }
            else
            {
                input.SkipLastField();
                fields.Add((number, bytes[start..(int)input.Position].ToArray()));
            }
        }

        return fields.OrderBy(f => f.Number).SelectMany(f => f.Encoded).ToArray();
    }

    private static void WriteFields(CodedOutputStream output, IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                var key = field.MessageType.FindFieldByNumber(1);
                var val = field.MessageType.FindFieldByNumber(2);
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    using var entryBuffer = new MemoryStream();
                    var entryOutput = new CodedOutputStream(entryBuffer, leaveOpen: true);
                    WriteTagged(entryOutput, key, entry.Key);
                    WriteTagged(entryOutput, val, entry.Value!);
                    entryOutput.Flush();
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(entryBuffer.ToArray()));
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)value;
                if (list.Count == 0)
                {
                    continue;
                }

                // FieldDescriptor.IsPacked is true for every proto3 repeated field, strings and messages included.
                if (field.IsPacked && WireTypeOf(field.FieldType) != WireFormat.WireType.LengthDelimited)
                {
                    using var packedBuffer = new MemoryStream();
                    var packedOutput = new CodedOutputStream(packedBuffer, leaveOpen: true);
                    foreach (var item in list)
                    {
                        WriteValue(packedOutput, field, item!);
                    }

                    packedOutput.Flush();
                    output.WriteTag(field.FieldNumber, WireFormat.WireType.LengthDelimited);
                    output.WriteBytes(ByteString.CopyFrom(packedBuffer.ToArray()));
                }
                else
                {
                    foreach (var item in list)
                    {
                        WriteTagged(output, field, item!);
                    }
                }
            }
            else if (field.HasPresence ? field.Accessor.HasValue(message) : !IsImplicitDefault(field, value))
            {
                WriteTagged(output, field, value);
            }
        }
    }

    private static bool IsImplicitDefault(FieldDescriptor field, object value) => field.FieldType switch
    {
        FieldType.String => ((string)value).Length == 0,
        FieldType.Bytes => ((ByteString)value).IsEmpty,
        // C++ compares the bits, so -0.0 is written.
        FieldType.Double => BitConverter.DoubleToInt64Bits((double)value) == 0,
        FieldType.Float => BitConverter.SingleToInt32Bits((float)value) == 0,
        FieldType.Bool => !(bool)value,
        FieldType.Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) == 0,
        _ => value switch
        {
            int i => i == 0,
            long l => l == 0,
            uint u => u == 0,
            ulong ul => ul == 0,
            _ => throw new NotSupportedException(field.FieldType.ToString()),
        },
    };

    private static void WriteTagged(CodedOutputStream output, FieldDescriptor field, object value)
    {
        output.WriteTag(field.FieldNumber, WireTypeOf(field.FieldType));
        WriteValue(output, field, value);
    }

    private static WireFormat.WireType WireTypeOf(FieldType type) => type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireFormat.WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireFormat.WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireFormat.WireType.LengthDelimited,
        FieldType.Group => throw new NotSupportedException("groups"),
        _ => WireFormat.WireType.Varint,
    };

    private static void WriteValue(CodedOutputStream output, FieldDescriptor field, object value)
    {
        switch (field.FieldType)
        {
            case FieldType.Double: output.WriteDouble((double)value); break;
            case FieldType.Float: output.WriteFloat((float)value); break;
            case FieldType.Int64: output.WriteInt64((long)value); break;
            case FieldType.UInt64: output.WriteUInt64((ulong)value); break;
            case FieldType.Int32: output.WriteInt32((int)value); break;
            case FieldType.Fixed64: output.WriteFixed64((ulong)value); break;
            case FieldType.Fixed32: output.WriteFixed32((uint)value); break;
            case FieldType.Bool: output.WriteBool((bool)value); break;
            case FieldType.String: output.WriteString((string)value); break;
            case FieldType.Bytes: output.WriteBytes((ByteString)value); break;
            case FieldType.UInt32: output.WriteUInt32((uint)value); break;
            case FieldType.SFixed32: output.WriteSFixed32((int)value); break;
            case FieldType.SFixed64: output.WriteSFixed64((long)value); break;
            case FieldType.SInt32: output.WriteSInt32((int)value); break;
            case FieldType.SInt64: output.WriteSInt64((long)value); break;
            case FieldType.Enum: output.WriteEnum(Convert.ToInt32(value, CultureInfo.InvariantCulture)); break;
            case FieldType.Message: output.WriteBytes(ByteString.CopyFrom(Encode((IMessage)value))); break;
            default: throw new NotSupportedException(field.FieldType.ToString());
        }
    }
}
