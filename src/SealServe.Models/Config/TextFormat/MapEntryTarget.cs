using Google.Protobuf.Reflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// One <c>{ key: ... value: ... }</c> entry of a map field. Text format writes a map as a repeated
/// entry message; C# generates no class for it, so the key and value are kept here until the entry
/// is added to the map (a later entry with the same key wins, as in protobuf).
/// </summary>
internal sealed class MapEntryTarget(MessageDescriptor entry) : MessageTarget
{
    private readonly FieldDescriptor keyField = entry.FindFieldByNumber(1);
    private readonly FieldDescriptor valueField = entry.FindFieldByNumber(2);
    private object? key;
    private object? value;

    public override MessageDescriptor Descriptor => entry;

    public override bool HasField(FieldDescriptor field) => (field.FieldNumber == 1 ? key : value) is not null;

    public override FieldDescriptor? GetOneofCase(OneofDescriptor oneof) => null;

    public override void Add(FieldDescriptor field, object fieldValue)
    {
        if (field.FieldNumber == 1)
        {
            key = FieldValues.ToClr(field, fieldValue);
        }
        else
        {
            value = FieldValues.ToClr(field, fieldValue);
        }
    }

    public override object Build() =>
        new KeyValuePair<object, object>(key ?? FieldValues.Default(keyField), value ?? FieldValues.Default(valueField));
}
