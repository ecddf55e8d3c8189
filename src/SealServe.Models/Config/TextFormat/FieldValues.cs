using Google.Protobuf;
using Google.Protobuf.Reflection;
using WrappersReflection = Google.Protobuf.WellKnownTypes.WrappersReflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>Conversions between parsed values and what Google.Protobuf's reflection accessors hold.</summary>
internal static class FieldValues
{
    /// <summary>
    /// The value as the generated property holds it: enum numbers become the CLR enum; wrapper
    /// messages (<c>google.protobuf.Int64Value</c> ...), which C# exposes as nullable primitives, are unwrapped.
    /// </summary>
    public static object ToClr(FieldDescriptor field, object value)
    {
        if (field.FieldType == FieldType.Enum && value is int number)
        {
            return Enum.ToObject(field.EnumType.ClrType, number);
        }

        if (field.FieldType == FieldType.Message && value is IMessage wrapper && field.MessageType.File == WrappersReflection.Descriptor)
        {
            return wrapper.Descriptor.FindFieldByNumber(1).Accessor.GetValue(wrapper);
        }

        return value;
    }

    /// <summary>The default of a singular field, typed as its property (a new empty message for message fields).</summary>
    public static object Default(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 0,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 0L,
        FieldType.UInt32 or FieldType.Fixed32 => 0u,
        FieldType.UInt64 or FieldType.Fixed64 => 0ul,
        FieldType.Float => 0f,
        FieldType.Double => 0d,
        FieldType.Bool => false,
        FieldType.String => string.Empty,
        FieldType.Bytes => ByteString.Empty,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, 0),
        _ => ToClr(field, GeneratedMessageTarget.Create(field.MessageType).Build()),
    };

    /// <summary>True when a field without presence holds its default (so protobuf's <c>HasField</c> says false).</summary>
    public static bool IsDefault(FieldDescriptor field, object? value) => value switch
    {
        null => true,

        // HasField compares bits: -0.0 counts as set.
        float f => BitConverter.SingleToInt32Bits(f) == 0,
        double d => BitConverter.DoubleToInt64Bits(d) == 0,
        _ => value.Equals(Default(field)),
    };
}
