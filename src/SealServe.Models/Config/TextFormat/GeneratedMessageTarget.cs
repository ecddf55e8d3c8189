using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>Fills a generated message through Google.Protobuf's reflection accessors.</summary>
internal sealed class GeneratedMessageTarget(IMessage message) : MessageTarget
{
    public IMessage Message => message;

    public override MessageDescriptor Descriptor => message.Descriptor;

    public static GeneratedMessageTarget Create(MessageDescriptor descriptor) =>
        new(descriptor.Parser?.ParseFrom(ByteString.Empty)
            ?? throw new InvalidOperationException($"Message type {descriptor.FullName} has no generated class."));

    public override bool HasField(FieldDescriptor field) =>
        !field.IsRepeated && (field.HasPresence
            ? field.Accessor.HasValue(message)
            : !FieldValues.IsDefault(field, field.Accessor.GetValue(message)));

    public override FieldDescriptor? GetOneofCase(OneofDescriptor oneof) => oneof.Accessor.GetCaseFieldDescriptor(message);

    public override void Add(FieldDescriptor field, object value)
    {
        if (field.IsMap)
        {
            var (key, entryValue) = (KeyValuePair<object, object>)value;
            ((IDictionary)field.Accessor.GetValue(message))[key] = entryValue;
        }
        else if (field.IsRepeated)
        {
            ((IList)field.Accessor.GetValue(message)).Add(FieldValues.ToClr(field, value));
        }
        else
        {
            field.Accessor.SetValue(message, FieldValues.ToClr(field, value));
        }
    }

    public override object Build() => message;
}
