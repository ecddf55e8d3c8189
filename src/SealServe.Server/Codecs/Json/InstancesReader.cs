using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Reads the row format of a predict request (<c>"instances": [...]</c>, TF Serving's
/// <c>FillTensorMapFromInstancesList</c>): one tensor per input, batching the instances along a new dimension 0.
/// </summary>
/// <remarks>
/// Instance 0 fixes each input's element shape; the batch tensor <c>[N, shape…]</c> is allocated then and
/// every later instance of the same size is converted straight into its slot. An instance of another size
/// is only validated (its own errors come first, as in TF Serving) before the size error.
/// </remarks>
internal sealed class InstancesReader
{
    private const string ParseErrorPrefix = "JSON Parse error: ";

    private readonly TfJsonDocument document;
    private readonly JsonTensorReader reader;
    private readonly IReadOnlyList<string> aliases;
    private readonly DataType[] types;
    private readonly Batch?[] batches;
    private readonly bool[] seen;
    private readonly int instanceCount;

    private InstancesReader(TfJsonDocument document, Signature signature, int instanceCount)
    {
        this.document = document;
        this.instanceCount = instanceCount;
        reader = new JsonTensorReader(document);
        aliases = signature.InputAliases;
        types = new DataType[aliases.Count];
        for (var i = 0; i < types.Length; i++)
        {
            types[i] = signature.Inputs[aliases[i]].DataType;
        }

        batches = new Batch?[aliases.Count];
        seen = new bool[aliases.Count];
    }

    /// <summary>Adds one tensor per input to <paramref name="tensors"/>; <paramref name="instances"/> is a non-empty array.</summary>
    public static void Read(TfJsonDocument document, JsonElement instances, Signature signature, Dictionary<string, Tensor> tensors)
    {
        var rows = new InstancesReader(document, signature, instances.GetArrayLength());
        try
        {
            rows.ReadAll(instances);
            rows.Complete(instances, tensors);
        }
        catch
        {
            rows.DisposeTensors();
            throw;
        }
    }

    private static bool IsParseError(ServingException e) => e.Message.StartsWith(ParseErrorPrefix, StringComparison.Ordinal);

    private static bool IsNamedObject(JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && !JsonTensorReader.IsBase64Object(value);

    private void ReadAll(JsonElement instances)
    {
        var first = instances[0];
        if (first.ValueKind != JsonValueKind.Object && aliases.Count > 1)
        {
            throw ServingException.InvalidArgument(
                "instances is a plain list, but expecting list of objects as multiple input tensors required as per tensorinfo_map");
        }

        var named = IsNamedObject(first);
        var item = 0;
        foreach (var instance in instances.EnumerateArray())
        {
            if (named)
            {
                ReadNamed(instance, item);
            }
            else
            {
                ReadPlain(instance, item);
            }

            item++;
        }
    }

    private void ReadPlain(JsonElement instance, int item)
    {
        if (IsNamedObject(instance))
        {
            throw ServingException.InvalidArgument($"Expecting value/list but got object at item {item} of input list");
        }

        try
        {
            Add(instance, 0, item);
        }
        catch (ServingException e) when (!IsParseError(e))
        {
            // TF Serving nests the inner status with its code: "... Error: INVALID_ARGUMENT: ...".
            throw ServingException.InvalidArgument($"Failed to process element: {item} of 'instances' list. Error: {e.Status}");
        }
    }

    private void ReadNamed(JsonElement instance, int item)
    {
        if (!IsNamedObject(instance))
        {
            throw ServingException.InvalidArgument($"Expecting object but got list at item {item} of input list");
        }

        Array.Clear(seen);
        var found = 0;
        foreach (var member in instance.EnumerateObject())
        {
            var input = IndexOf(member);
            if (input >= 0 && seen[input])
            {
                // A repeated key: the first one counts, as for every other key lookup.
                continue;
            }

            try
            {
                if (input < 0)
                {
                    throw ServingException.InvalidArgument($"JSON object: does not have named input: {document.GetName(member)}");
                }

                Add(member.Value, input, item);
            }
            catch (ServingException e) when (!IsParseError(e))
            {
                throw ServingException.InvalidArgument(
                    $"Failed to process element: {item} key: {document.GetName(member)} of 'instances' list. Error: {e.Status}");
            }

            seen[input] = true;
            found++;
        }

        if (found != aliases.Count)
        {
            throw ServingException.InvalidArgument(
                $"Failed to process element: {item} of 'instances' list. JSON object: {document.Render(instance)} keys must be equal to: {string.Join(',', aliases)}");
        }
    }

    private int IndexOf(JsonProperty member)
    {
        for (var i = 0; i < aliases.Count; i++)
        {
            if (member.NameEquals(aliases[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>TF Serving's <c>AddInstanceItem</c>: one instance's value for one input.</summary>
    private void Add(JsonElement value, int input, int item)
    {
        var rank = reader.ReadShape(value);
        var shape = reader.Dims[..rank];
        var count = JsonTensorReader.ElementCount(shape);
        var type = types[input];
        var batch = batches[input];
        if (batch is null)
        {
            batch = batches[input] = new Batch(shape.ToArray(), count);
            var total = count == 0 ? 0 : count > document.BodyLength / instanceCount ? long.MaxValue : count * instanceCount;

            // A batch with more leaves than the body has bytes cannot be valid: then only validate, an error will come.
            if (DataTypes.IsSupported(type) && total <= document.BodyLength)
            {
                batch.Allocate(type, instanceCount);
            }
        }

        var fits = count == batch.Count && batch.HasStorage;
        reader.Fill(value, shape, type, fits ? batch.Data : default, fits ? batch.Strings : null, fits ? checked((int)(item * count)) : 0);
        if (count != batch.Count)
        {
            throw ServingException.InvalidArgument($"Expecting tensor size: {batch.Count} but got: {count}");
        }

        if (!shape.SequenceEqual(batch.Shape))
        {
            throw ServingException.InvalidArgument(
                $"Expecting shape {JsonTensorReader.ShapeText(batch.Shape)} but got: {JsonTensorReader.ShapeText(shape)}");
        }
    }

    private void Complete(JsonElement instances, Dictionary<string, Tensor> tensors)
    {
        for (var i = 0; i < aliases.Count; i++)
        {
            var batch = batches[i];
            if (batch is null)
            {
                // Only the first input is read when instance 0 is a {"b64": ...} object (as in TF Serving).
                continue;
            }

            if (!batch.HasStorage)
            {
                throw DataTypes.IsSupported(types[i])
                    ? new InvalidOperationException("A batch too large for its body passed validation.")
                    : ServingException.Unimplemented($"Conversion of JSON Value: {document.Render(instances)} to type: {DataTypes.ShortName(types[i])}");
            }

            tensors.Add(aliases[i], batch.ToTensor());
            batches[i] = null;
        }
    }

    private void DisposeTensors()
    {
        foreach (var batch in batches)
        {
            batch?.Dispose();
        }
    }

    /// <summary>One input's batch under construction.</summary>
    private sealed class Batch(long[] shape, long count) : IDisposable
    {
        private Tensor? tensor;
        private TensorShape? batchShape;

        /// <summary>The element shape of instance 0.</summary>
        public long[] Shape { get; } = shape;

        /// <summary>Elements per instance.</summary>
        public long Count { get; } = count;

        public bool HasStorage => tensor is not null || Strings is not null;

        public Span<byte> Data => tensor is null ? default : tensor.Data.Span;

        public byte[][]? Strings { get; private set; }

        public void Allocate(DataType type, int instances)
        {
            var dims = new long[Shape.Length + 1];
            dims[0] = instances;
            Shape.CopyTo(dims, 1);
            batchShape = new TensorShape(dims);
            if (type == DataType.String)
            {
                Strings = new byte[batchShape.ElementCount][];
            }
            else
            {
                tensor = Tensor.Allocate(type, batchShape);
            }
        }

        /// <summary>Hands the finished tensor over (this batch no longer owns it).</summary>
        public Tensor ToTensor()
        {
            var result = tensor ?? Tensor.CreateStrings(batchShape!, Strings!);
            tensor = null;
            return result;
        }

        public void Dispose() => tensor?.Dispose();
    }
}
