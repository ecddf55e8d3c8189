using Google.Protobuf.Reflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// Where the parser puts the fields of one message body: a generated message, or a map entry (which
/// has no generated class in C#). Plays the role of C++'s <c>Reflection</c> for the parser.
/// </summary>
internal abstract class MessageTarget
{
    public abstract MessageDescriptor Descriptor { get; }

    /// <summary>Protobuf's <c>HasField</c>: set explicitly, or (without presence) different from the default.</summary>
    public abstract bool HasField(FieldDescriptor field);

    /// <summary>The member of <paramref name="oneof"/> that is set, if any.</summary>
    public abstract FieldDescriptor? GetOneofCase(OneofDescriptor oneof);

    /// <summary>
    /// Sets a singular field or appends to a repeated one. <paramref name="value"/> is what
    /// <see cref="TextFormatTokenReader.ConsumeFieldValue"/> or a child's <see cref="Build"/> returned.
    /// </summary>
    public abstract void Add(FieldDescriptor field, object value);

    /// <summary>The finished value: the message, or the map entry as a key/value pair.</summary>
    public abstract object Build();

    /// <summary>A target for the body of message field <paramref name="field"/>.</summary>
    public static MessageTarget For(FieldDescriptor field) =>
        field.IsMap ? new MapEntryTarget(field.MessageType) : GeneratedMessageTarget.Create(field.MessageType);
}
