using System.Collections;
using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Tensorflow.Serving;

namespace SealServe.Server.Auth;

/// <summary>
/// A gRPC request touches the models its <c>ModelSpec</c> fields name: <c>model_spec</c> of Predict, Classify, Regress,
/// GetModelMetadata and GetModelStatus, each task's of MultiInference. Found from the message's descriptor, so a new
/// request type that carries a ModelSpec is covered with no code; which fields can lead to one is worked out once per type.
/// </summary>
internal sealed class ModelSpecAccessRule : IGrpcAccessRule
{
    private readonly ConcurrentDictionary<MessageDescriptor, FieldDescriptor[]> leading = new();

    public AccessRequirement? For(string method, object? request)
    {
        if (request is not IMessage message || Leading(message.Descriptor).Length == 0)
        {
            return null;
        }

        var names = new List<string>();
        Collect(message, names);
        return AccessRequirement.Models(names);
    }

    private void Collect(IMessage message, List<string> names)
    {
        if (message is ModelSpec spec)
        {
            names.Add(spec.Name);
            return;
        }

        foreach (var field in Leading(message.Descriptor))
        {
            switch (field.Accessor.GetValue(message))
            {
                case IMessage child:
                    Collect(child, names);
                    break;
                case IDictionary map:
                    foreach (var value in map.Values)
                    {
                        Collect((IMessage)value!, names);
                    }

                    break;
                case IList list:
                    foreach (var item in list)
                    {
                        Collect((IMessage)item!, names);
                    }

                    break;
            }
        }
    }

    /// <summary>The message-typed fields of <paramref name="type"/> that are, or can contain, a ModelSpec.</summary>
    private FieldDescriptor[] Leading(MessageDescriptor type) =>
        leading.GetOrAdd(type, t => t.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message && CanCarry(Element(f), [])).ToArray());

    /// <summary>The message a field holds (a map's value type for a map), or null when it holds none.</summary>
    private static MessageDescriptor? Element(FieldDescriptor field)
    {
        var value = field.IsMap ? field.MessageType.FindFieldByNumber(2) : field;
        return value.FieldType == FieldType.Message ? value.MessageType : null;
    }

    private static bool CanCarry(MessageDescriptor? type, HashSet<MessageDescriptor> seen) =>
        type is not null
        && (type == ModelSpec.Descriptor
            || (seen.Add(type) && type.Fields.InDeclarationOrder().Any(f => f.FieldType == FieldType.Message && CanCarry(Element(f), seen))));
}
