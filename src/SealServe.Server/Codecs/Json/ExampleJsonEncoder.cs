using System.Text.Json;
using SealServe.Core.Errors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Writes a JSON example object into a serialized <c>tensorflow.Example</c> (through <see cref="ExampleWireWriter"/>),
/// with TF Serving's rules for feature values: strings and <c>{"b64": ...}</c> are bytes, integer literals and booleans
/// int64, other numbers (and NaN/Infinity) float; a key given twice adds to the same feature, as TF Serving's map does.
/// </summary>
internal sealed class ExampleJsonEncoder(TfJsonDocument document)
{
    private readonly ExampleWireWriter writer = new();
    private readonly List<JsonProperty> members = [];

    /// <summary>The serialized Example of <paramref name="example"/> after <paramref name="prefix"/>, or INVALID_ARGUMENT with TF Serving's text.</summary>
    public byte[] Encode(JsonElement example, ReadOnlySpan<byte> prefix)
    {
        if (example.ValueKind != JsonValueKind.Object)
        {
            throw ServingException.InvalidArgument($"Example must be JSON object but got JSON {TfJsonDocument.TypeName(example)}");
        }

        writer.StartExample();
        members.Clear();
        foreach (var member in example.EnumerateObject())
        {
            members.Add(member);
        }

        for (var i = 0; i < members.Count; i++)
        {
            if (!SeenBefore(i))
            {
                WriteFeature(i);
            }
        }

        return writer.EndExample(prefix);
    }

    /// <summary>True when an earlier member has the same name (compared as written: escaped spellings of one name count apart).</summary>
    private bool SeenBefore(int index)
    {
        var name = RawName(members[index]);
        for (var i = 0; i < index; i++)
        {
            if (RawName(members[i]).SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>One map entry: the feature named by member <paramref name="first"/>, with the values of every member of that name.</summary>
    private void WriteFeature(int first)
    {
        writer.StartFeature();
        var kind = ExampleWireWriter.NoValues;
        for (var i = first; i < members.Count; i++)
        {
            if (i == first || RawName(members[i]).SequenceEqual(RawName(members[first])))
            {
                var value = members[i].Value;
                if (value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var element in value.EnumerateArray())
                    {
                        kind = AddValue(element, kind, members[first]);
                    }
                }
                else
                {
                    kind = AddValue(value, kind, members[first]);
                }
            }
        }

        writer.EndFeature(document.GetNameBytes(members[first]), kind);
    }

    /// <summary>Appends one value to the list being built; returns the feature's kind (1 bytes, 2 float, 3 int64).</summary>
    private int AddValue(JsonElement element, int kind, JsonProperty feature)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Expect(kind, ExampleWireWriter.Bytes, feature);
                writer.AddBytes(document.GetBytes(element));
                return ExampleWireWriter.Bytes;
            case JsonValueKind.Object when JsonTensorReader.IsBase64Object(element):
                Expect(kind, ExampleWireWriter.Bytes, feature);
                foreach (var member in element.EnumerateObject())
                {
                    writer.AddBytes(AbslBase64.TryDecode(document.GetBytes(member.Value), out var decoded) ? decoded : throw ServingException.InvalidArgument("Unable to base64 decode"));
                }

                return ExampleWireWriter.Bytes;
            case JsonValueKind.True or JsonValueKind.False:
                Expect(kind, ExampleWireWriter.Int64, feature);
                writer.AddInt64(element.ValueKind == JsonValueKind.True ? 1 : 0);
                return ExampleWireWriter.Int64;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                Expect(kind, ExampleWireWriter.Int64, feature);
                writer.AddInt64(integer);
                return ExampleWireWriter.Int64;
            case JsonValueKind.Number when element.TryGetUInt64(out _):
                throw ServingException.InvalidArgument($"Feature: {document.GetName(feature)} has uint64_t element. Only int64_t is supported.");
            case JsonValueKind.Number:
                Expect(kind, ExampleWireWriter.Float, feature);
                writer.AddFloat((float)document.GetDouble(element));
                return ExampleWireWriter.Float;
            default:
                throw ServingException.InvalidArgument($"Feature: {document.GetName(feature)} has element with unexpected JSON type: {TfJsonDocument.TypeName(element)}");
        }
    }

    /// <summary>Values of one feature must all be of the kind its first value chose.</summary>
    private void Expect(int kind, int wanted, JsonProperty feature)
    {
        if (kind != ExampleWireWriter.NoValues && kind != wanted)
        {
            throw ServingException.InvalidArgument($"Unexpected element type in feature: {document.GetName(feature)} expecting type: {kind switch { ExampleWireWriter.Bytes => "bytes", ExampleWireWriter.Float => "float", _ => "int64" }}");
        }
    }

    private static ReadOnlySpan<byte> RawName(JsonProperty member) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(member);
}
