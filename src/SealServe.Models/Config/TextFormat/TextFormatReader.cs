using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// The message-level half of protobuf's C++ text parser (<c>ParserImpl::ConsumeField</c> and friends),
/// with its default settings: unknown fields, a non-repeated field given twice and two members of
/// one oneof are errors; <c>:</c> is optional before a message; <c>,</c> or <c>;</c> may follow a field.
/// </summary>
internal sealed class TextFormatReader
{
    /// <summary>
    /// Nesting depth allowed. C++ allows any depth by default; a .NET stack overflow would end the
    /// process, so we stop well before it with protobuf's message for a configured limit.
    /// </summary>
    public const int RecursionLimit = 100;

    private readonly TextFormatTokenReader tokens;
    private readonly TypeRegistry anyTypes;
    private int depth;

    public TextFormatReader(string text, MessageDescriptor root, TypeRegistry anyTypes)
    {
        tokens = new TextFormatTokenReader(new TextFormatTokenizer(text, root.FullName));
        this.anyTypes = anyTypes;
    }

    /// <summary>Reads fields into <paramref name="target"/> up to the end of the input.</summary>
    public void ReadToEnd(MessageTarget target)
    {
        while (!tokens.LookingAtType(TextFormatTokenType.End))
        {
            ConsumeField(target);
        }
    }

    private void ConsumeField(MessageTarget target)
    {
        var descriptor = target.Descriptor;
        if (descriptor.FullName == Any.Descriptor.FullName && tokens.LookingAt("["))
        {
            ConsumeExpandedAny(target);
        }
        else
        {
            var field = ConsumeFieldName(descriptor);
            CheckNotSetYet(target, field);
            ConsumeFieldValues(target, field);
        }

        // For historical reasons, fields may be separated by commas or semicolons.
        _ = tokens.TryConsume(";") || tokens.TryConsume(",");
    }

    private FieldDescriptor ConsumeFieldName(MessageDescriptor descriptor)
    {
        if (tokens.LookingAt("["))
        {
            var (prefix, name) = ConsumeTypeUrlOrFullName();
            throw tokens.Error(prefix.Length > 0
                ? "Extension name contains \"/\""
                : $"Extension \"{name}\" is not defined or is not an extension of \"{descriptor.FullName}\".");
        }

        var fieldName = tokens.ConsumeIdentifier();
        return descriptor.FindFieldByName(fieldName)
            ?? throw tokens.Error($"Message type \"{descriptor.FullName}\" has no field named \"{fieldName}\".");
    }

    private void CheckNotSetYet(MessageTarget target, FieldDescriptor field)
    {
        if (!field.IsRepeated && target.HasField(field))
        {
            throw tokens.Error($"Non-repeated field \"{field.Name}\" is specified multiple times.");
        }

        if (field.RealContainingOneof is { } oneof && target.GetOneofCase(oneof) is { } other)
        {
            throw tokens.Error(
                $"Field \"{field.Name}\" is specified along with field \"{other.Name}\", another member of oneof \"{oneof.Name}\".");
        }
    }

    private void ConsumeFieldValues(MessageTarget target, FieldDescriptor field)
    {
        var isMessage = field.FieldType is FieldType.Message or FieldType.Group;
        if (isMessage)
        {
            tokens.TryConsume(":");
        }
        else
        {
            tokens.Consume(":");
        }

        if (field.IsRepeated && tokens.TryConsume("["))
        {
            // The short repeated form "foo: [1, 2, 3]"; "foo: []" adds nothing.
            if (tokens.TryConsume("]"))
            {
                return;
            }

            do
            {
                ConsumeFieldValue(target, field, isMessage);
            }
            while (!tokens.TryConsume("]") && ConsumeComma());
        }
        else
        {
            ConsumeFieldValue(target, field, isMessage);
        }
    }

    private bool ConsumeComma()
    {
        tokens.Consume(",");
        return true;
    }

    private void ConsumeFieldValue(MessageTarget target, FieldDescriptor field, bool isMessage)
    {
        if (!isMessage)
        {
            target.Add(field, tokens.ConsumeFieldValue(field));
            return;
        }

        var child = MessageTarget.For(field);
        ConsumeMessage(child);
        target.Add(field, child.Build());
    }

    /// <summary>A message body: <c>{ fields }</c> or <c>&lt; fields &gt;</c>.</summary>
    private void ConsumeMessage(MessageTarget target)
    {
        var delimiter = tokens.TryConsume("<") ? ">" : null;
        if (delimiter is null)
        {
            tokens.Consume("{");
            delimiter = "}";
        }

        if (++depth > RecursionLimit)
        {
            throw tokens.Error($"Message is too deep, the parser exceeded the configured recursion limit of {RecursionLimit}.");
        }

        while (!tokens.LookingAt(">") && !tokens.LookingAt("}"))
        {
            ConsumeField(target);
        }

        tokens.Consume(delimiter);
        depth--;
    }

    /// <summary><c>[type.googleapis.com/pkg.Msg] { ... }</c>: the body is parsed as that type and packed into the Any.</summary>
    private void ConsumeExpandedAny(MessageTarget any)
    {
        var (prefix, fullName) = ConsumeTypeUrlOrFullName();
        if (prefix.Length == 0)
        {
            throw tokens.Error("Type URL prefix is missing");
        }

        tokens.TryConsume(":");

        // Like C++'s default finder, the type is looked up by its full name; the prefix is kept as written.
        var valueType = anyTypes.Find(fullName);
        if (valueType?.Parser is null)
        {
            throw tokens.Error($"Could not find type \"{prefix}{fullName}\" stored in google.protobuf.Any.");
        }

        var value = GeneratedMessageTarget.Create(valueType);
        ConsumeMessage(value);

        var typeUrlField = Any.Descriptor.FindFieldByNumber(Any.TypeUrlFieldNumber);
        var valueField = Any.Descriptor.FindFieldByNumber(Any.ValueFieldNumber);
        if (any.HasField(typeUrlField) || any.HasField(valueField))
        {
            throw tokens.Error("Non-repeated Any specified multiple times.");
        }

        any.Add(typeUrlField, prefix + fullName);
        any.Add(valueField, value.Message.ToByteString());
    }

    /// <summary>Reads <c>[prefix/full.type.Name]</c> or <c>[full.type.Name]</c>; the prefix keeps its trailing slash.</summary>
    private (string Prefix, string FullName) ConsumeTypeUrlOrFullName()
    {
        // The tokenizer mode must change before each Consume reads the token after the bracket.
        tokens.Tokenizer.ReadUrlChars = true;
        tokens.Consume("[");
        var text = string.Empty;
        while (tokens.LookingAtType(TextFormatTokenType.UrlChars))
        {
            text += tokens.Current.Text;
            tokens.Tokenizer.Next();
        }

        tokens.Tokenizer.ReadUrlChars = false;
        tokens.Consume("]");

        var slash = text.LastIndexOf('/');
        var prefix = slash < 0 ? string.Empty : text[..(slash + 1)];
        var fullName = text[(slash + 1)..];
        ValidateTypeUrlPrefix(prefix);
        foreach (var identifier in fullName.Split('.'))
        {
            if (identifier.Length == 0 || !(char.IsAsciiLetter(identifier[0]) || identifier[0] == '_')
                || !identifier.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw tokens.Error($"Invalid identifier in type name, got: \"{identifier}\"");
            }
        }

        return (prefix, fullName);
    }

    private void ValidateTypeUrlPrefix(string prefix)
    {
        if (prefix == "/")
        {
            throw tokens.Error("Type URL prefix is empty");
        }

        if (prefix.StartsWith('/'))
        {
            throw tokens.Error("Type URL starts with \"/\"");
        }

        for (var i = prefix.IndexOf('%'); i >= 0; i = prefix.IndexOf('%', i + 1))
        {
            if (i + 2 >= prefix.Length || !char.IsAsciiHexDigit(prefix[i + 1]) || !char.IsAsciiHexDigit(prefix[i + 2]))
            {
                throw tokens.Error($"Invalid percent encode, got: \"{prefix.Substring(i, Math.Min(3, prefix.Length - i))}\"");
            }
        }
    }
}
