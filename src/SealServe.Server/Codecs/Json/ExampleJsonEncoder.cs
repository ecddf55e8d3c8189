using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using SealServe.Core.Errors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Writes a JSON example object straight into a serialized <c>tensorflow.Example</c> (no intermediate messages), with
/// TF Serving's rules for feature values: strings and <c>{"b64": ...}</c> are bytes, integer literals and booleans
/// int64, other numbers (and NaN/Infinity) float; a key given twice adds to the same feature, as TF Serving's map does.
/// </summary>
/// <remarks>
/// Field numbers are the published ones: <c>Example.features = 1</c>, <c>Features.feature = 1</c> (entries: key 1,
/// value 2), <c>Feature.bytes_list = 1 / float_list = 2 / int64_list = 3</c>, list <c>value = 1</c>, numbers packed.
/// One encoder serves a whole request; its scratch buffers are reused example after example.
/// </remarks>
internal sealed class ExampleJsonEncoder(TfJsonDocument document)
{
    private readonly ArrayBufferWriter<byte> features = new(256);
    private readonly ArrayBufferWriter<byte> list = new(64);
    private readonly List<JsonProperty> members = [];

    /// <summary>The serialized Example of <paramref name="example"/>, or INVALID_ARGUMENT with TF Serving's text.</summary>
    public byte[] Encode(JsonElement example)
    {
        if (example.ValueKind != JsonValueKind.Object)
        {
            throw ServingException.InvalidArgument($"Example must be JSON object but got JSON {TfJsonDocument.TypeName(example)}");
        }

        features.ResetWrittenCount();
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

        // Example { features { feature { ... } ... } }, the features field present even when empty, as TF Serving sets it.
        var bytes = new byte[1 + VarintSize((ulong)features.WrittenCount) + features.WrittenCount];
        bytes[0] = 0x0A;
        var at = 1 + WriteVarint(bytes.AsSpan(1), (ulong)features.WrittenCount);
        features.WrittenSpan.CopyTo(bytes.AsSpan(at));
        return bytes;
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
        var name = document.GetNameBytes(members[first]);
        list.ResetWrittenCount();
        var kind = 0;
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

        // Feature { <kind> { value: [...] } }: floats and int64s packed into one run.
        var listSize = kind is 2 or 3 && list.WrittenCount > 0 ? 1 + VarintSize((ulong)list.WrittenCount) + list.WrittenCount : list.WrittenCount;
        var featureSize = kind == 0 ? 0 : 1 + VarintSize((ulong)listSize) + listSize;
        var entrySize = 1 + VarintSize((ulong)name.Length) + name.Length + 1 + VarintSize((ulong)featureSize) + featureSize;
        var span = features.GetSpan(1 + VarintSize((ulong)entrySize) + entrySize);
        var at = 0;
        span[at++] = 0x0A;
        at += WriteVarint(span[at..], (ulong)entrySize);
        span[at++] = 0x0A;
        at += WriteVarint(span[at..], (ulong)name.Length);
        name.CopyTo(span[at..]);
        at += name.Length;
        span[at++] = 0x12;
        at += WriteVarint(span[at..], (ulong)featureSize);
        if (kind != 0)
        {
            span[at++] = (byte)((kind << 3) | 2);
            at += WriteVarint(span[at..], (ulong)listSize);
            if (kind is 2 or 3 && list.WrittenCount > 0)
            {
                span[at++] = 0x0A;
                at += WriteVarint(span[at..], (ulong)list.WrittenCount);
            }

            list.WrittenSpan.CopyTo(span[at..]);
            at += list.WrittenCount;
        }

        features.Advance(at);
    }

    /// <summary>Appends one value to the list being built; returns the feature's kind (1 bytes, 2 float, 3 int64).</summary>
    private int AddValue(JsonElement element, int kind, JsonProperty feature)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                Expect(kind, 1, feature);
                AddBytes(document.GetBytes(element));
                return 1;
            case JsonValueKind.Object when JsonTensorReader.IsBase64Object(element):
                Expect(kind, 1, feature);
                foreach (var member in element.EnumerateObject())
                {
                    AddBytes(AbslBase64.TryDecode(document.GetBytes(member.Value), out var decoded) ? decoded : throw ServingException.InvalidArgument("Unable to base64 decode"));
                }

                return 1;
            case JsonValueKind.True or JsonValueKind.False:
                Expect(kind, 3, feature);
                AddInt64(element.ValueKind == JsonValueKind.True ? 1 : 0);
                return 3;
            case JsonValueKind.Number when element.TryGetInt64(out var integer):
                Expect(kind, 3, feature);
                AddInt64(integer);
                return 3;
            case JsonValueKind.Number when element.TryGetUInt64(out _):
                throw ServingException.InvalidArgument($"Feature: {document.GetName(feature)} has uint64_t element. Only int64_t is supported.");
            case JsonValueKind.Number:
                Expect(kind, 2, feature);
                AddFloat((float)document.GetDouble(element));
                return 2;
            default:
                throw ServingException.InvalidArgument($"Feature: {document.GetName(feature)} has element with unexpected JSON type: {TfJsonDocument.TypeName(element)}");
        }
    }

    /// <summary>Values of one feature must all be of the kind its first value chose.</summary>
    private void Expect(int kind, int wanted, JsonProperty feature)
    {
        if (kind != 0 && kind != wanted)
        {
            throw ServingException.InvalidArgument($"Unexpected element type in feature: {document.GetName(feature)} expecting type: {kind switch { 1 => "bytes", 2 => "float", _ => "int64" }}");
        }
    }

    private void AddBytes(byte[] value)
    {
        var span = list.GetSpan(1 + VarintSize((ulong)value.Length) + value.Length);
        span[0] = 0x0A;
        var at = 1 + WriteVarint(span[1..], (ulong)value.Length);
        value.CopyTo(span[at..]);
        list.Advance(at + value.Length);
    }

    private void AddFloat(float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(list.GetSpan(4), value);
        list.Advance(4);
    }

    private void AddInt64(long value) => list.Advance(WriteVarint(list.GetSpan(10), unchecked((ulong)value)));

    private static ReadOnlySpan<byte> RawName(JsonProperty member) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8PropertyName(member);

    private static int VarintSize(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    private static int WriteVarint(Span<byte> target, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            target[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        target[at++] = (byte)value;
        return at;
    }
}
