using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// Parses protobuf text format (what TensorFlow Serving's <c>--*_file</c> flags read) into any
/// generated message, accepting and rejecting what protobuf's C++ <c>TextFormat::Parser</c> does, with
/// its error texts and positions. Google.Protobuf for C# has no text-format parser.
/// </summary>
/// <remarks>
/// Supported: <c>#</c> comments; fields by proto name; message bodies in <c>{ }</c> or <c>&lt; &gt;</c>
/// with an optional <c>:</c>; <c>,</c>/<c>;</c> after a field; repeated fields by repetition or as
/// <c>[a, b]</c>; maps as repeated <c>{ key: .. value: .. }</c>; enums by name or number; bools as
/// <c>true/True/t/1</c> and <c>false/False/f/0</c>; decimal, hex and octal integers with range checks;
/// floats with <c>inf</c>, <c>nan</c> and an <c>f</c> suffix; single- or double-quoted strings with C
/// escapes, adjacent literals joined; wrapper types as <c>{ value: N }</c>; <c>google.protobuf.Any</c> in
/// expanded form <c>[type.googleapis.com/pkg.Msg] { ... }</c>. Not supported: extensions (our protos
/// declare none), and C++'s silent skipping of reserved field names (reported as unknown here).
/// </remarks>
public static class TextFormatParser
{
    /// <summary>Parses <paramref name="text"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="TextFormatException">The text does not parse; the first error, with its line and column.</exception>
    public static T Parse<T>(string text)
        where T : IMessage<T>, new()
    {
        var message = new T();
        Read(message, text, KnownMessageTypes.Registry);
        return message;
    }

    /// <summary>Parses <paramref name="text"/> as the message type <paramref name="descriptor"/> describes.</summary>
    /// <exception cref="TextFormatException">The text does not parse; the first error, with its line and column.</exception>
    public static IMessage Parse(MessageDescriptor descriptor, string text) => Parse(descriptor, text, KnownMessageTypes.Registry);

    /// <summary>
    /// Parses <paramref name="text"/> as <paramref name="descriptor"/>'s type, resolving the types named in
    /// expanded <c>google.protobuf.Any</c> values from <paramref name="anyTypes"/> (by default every message
    /// of SealServe's protos and the well-known types).
    /// </summary>
    /// <exception cref="TextFormatException">The text does not parse; the first error, with its line and column.</exception>
    public static IMessage Parse(MessageDescriptor descriptor, string text, TypeRegistry anyTypes)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        var target = GeneratedMessageTarget.Create(descriptor);
        Read(target.Message, text, anyTypes);
        return target.Message;
    }

    private static void Read(IMessage message, string text, TypeRegistry anyTypes)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(anyTypes);
        new TextFormatReader(text, message.Descriptor, anyTypes).ReadToEnd(new GeneratedMessageTarget(message));
    }
}
