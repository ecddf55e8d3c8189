using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SealServe.Protos.Tests;

/// <summary>Walks a parsed message tree to find data our schemas did not account for.</summary>
internal static class MessageTree
{
    // Generated messages keep unknown fields in a private "_unknownFields" field; there is no public getter.
    private static readonly ConcurrentDictionary<Type, FieldInfo?> UnknownFieldsFields = new();

    /// <summary>The private field that holds a generated message's unknown fields, if the type has one.</summary>
    public static FieldInfo? UnknownFieldsField(Type messageType) =>
        UnknownFieldsFields.GetOrAdd(messageType, static t => t.GetField("_unknownFields", BindingFlags.Instance | BindingFlags.NonPublic));

    /// <summary>
    /// Paths of every message in the tree that holds unknown fields (bytes set aside because no field
    /// of ours has that number and wire type) or an enum number that our enum does not define.
    /// </summary>
    public static List<string> FindUnaccountedData(IMessage root)
    {
        var problems = new List<string>();
        Visit(root, root.Descriptor.Name, problems);
        return problems;
    }

    private static void Visit(IMessage message, string path, List<string> problems)
    {
        if (UnknownFieldsField(message.GetType())?.GetValue(message) is UnknownFieldSet)
        {
            problems.Add($"{path}: unknown fields");
        }

        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (field.FieldType != FieldType.Enum || field.IsMap)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            var numbers = field.IsRepeated ? ((IList)value).Cast<object>() : [value];
            foreach (var number in numbers)
            {
                if (field.EnumType.FindValueByNumber(Convert.ToInt32(number, CultureInfo.InvariantCulture)) is null)
                {
                    problems.Add($"{path}.{field.Name}: {field.EnumType.FullName} has no value {Convert.ToInt32(number, CultureInfo.InvariantCulture)}");
                }
            }
        }

        foreach (var (childPath, child) in Children(message))
        {
            Visit(child, $"{path}.{childPath}", problems);
        }
    }

    private static IEnumerable<(string Path, IMessage Message)> Children(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                foreach (DictionaryEntry entry in (IDictionary)value)
                {
                    if (entry.Value is IMessage child)
                    {
                        yield return ($"{field.Name}[{entry.Key}]", child);
                    }
                }
            }
            else if (field.IsRepeated)
            {
                var index = 0;
                foreach (var item in (IList)value)
                {
                    if (item is IMessage child)
                    {
                        yield return ($"{field.Name}[{index}]", child);
                    }

                    index++;
                }
            }
            else if (value is IMessage child)
            {
                yield return (field.Name, child);
            }
        }
    }
}
