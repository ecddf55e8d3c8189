using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The JSON body of a REST predict request (TF Serving's <c>FillPredictRequestFromJson</c>): signature name,
/// and inputs in row (<c>instances</c>) or columnar (<c>inputs</c>) format, turned into tensors by the
/// signature's input dtypes. Every error is a <see cref="ServingException"/> with TF Serving's exact text.
/// </summary>
/// <remarks>
/// Use: <see cref="Parse"/> → look up the servable → <see cref="ResolveSignature"/> → <see cref="ReadInputs"/>.
/// That split keeps TF Serving's error order: parse and <c>signature_name</c> errors first, then model and
/// signature lookup, then everything about <c>instances</c>/<c>inputs</c> (including "neither" and "both",
/// which <see cref="ReadInputs"/> reports). The body is read in place: it must outlive this object.
/// Known differences from TF Serving: bytes after the first JSON value are ignored as there, but numbers that
/// overflow a double are only reported when a tensor reads them (see <see cref="TfJsonDocument"/>); a key
/// repeated inside one instance object counts once (TF Serving appends its values twice and fails later).
/// </remarks>
internal sealed class PredictJsonRequest : IDisposable
{
    private readonly TfJsonDocument document;
    private readonly JsonElement? instances;
    private readonly JsonElement? inputs;

    private PredictJsonRequest(TfJsonDocument document, string signatureName, JsonElement? instances, JsonElement? inputs)
    {
        this.document = document;
        SignatureName = signatureName;
        this.instances = instances;
        this.inputs = inputs;
    }

    /// <summary>The requested signature; <c>""</c> when absent (callers then use <see cref="Signature.DefaultKey"/>).</summary>
    public string SignatureName { get; }

    /// <summary>True for <c>instances</c> (row format), false for <c>inputs</c> (columnar); the response uses the same.</summary>
    public bool IsRowFormat => instances.HasValue;

    /// <summary>Parses the body and reads <c>signature_name</c>.</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT: malformed JSON, not an object, non-string <c>signature_name</c>.</exception>
    public static PredictJsonRequest Parse(ReadOnlyMemory<byte> body)
    {
        var document = TfJsonDocument.Parse(body);
        try
        {
            var (name, instances, inputs) = document.FindRequestMembers("instances"u8, "inputs"u8);
            return new PredictJsonRequest(document, name, instances, inputs);
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>The signature a REST predict request names (<c>""</c> = <see cref="Signature.DefaultKey"/>).</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT: unknown signature, or one without inputs.</exception>
    public static Signature ResolveSignature(IReadOnlyDictionary<string, Signature> signatures, string signatureName)
    {
        var key = signatureName.Length == 0 ? Signature.DefaultKey : signatureName;
        if (!signatures.TryGetValue(key, out var signature))
        {
            throw ServingException.InvalidArgument($"Serving signature name: \"{key}\" not found in signature def");
        }

        if (signature.Inputs.Count == 0)
        {
            throw ServingException.InvalidArgument(
                $"Failed to get input map for signature: {(signatureName.Length == 0 ? "DEFAULT" : signatureName)}");
        }

        return signature;
    }

    /// <summary>
    /// Converts <c>instances</c> or <c>inputs</c> into one tensor per signature input alias. The caller owns
    /// (and disposes) the tensors; on error, those already built are disposed here.
    /// </summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT (or UNIMPLEMENTED for an unsupported dtype) with TF Serving's text.</exception>
    public Dictionary<string, Tensor> ReadInputs(Signature signature)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            if (instances is { } rows)
            {
                if (inputs.HasValue)
                {
                    throw FormatError("Not formatted correctly expecting only one of 'inputs' or 'instances' keys to exist ");
                }

                if (rows.ValueKind != JsonValueKind.Array)
                {
                    throw FormatError("Expecting 'instances' to be an list/array");
                }

                if (rows.GetArrayLength() == 0)
                {
                    throw FormatError("No values in 'instances' array");
                }

                InstancesReader.Read(document, rows, signature, tensors);
            }
            else if (inputs is { } columns)
            {
                ReadColumns(columns, signature, tensors);
            }
            else
            {
                throw ServingException.InvalidArgument("Missing 'inputs' or 'instances' key");
            }

            return tensors;
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    public void Dispose() => document.Dispose();

    /// <summary>TF Serving's <c>FillTensorMapFromInputsMap</c>; errors are not wrapped.</summary>
    private void ReadColumns(JsonElement value, Signature signature, Dictionary<string, Tensor> tensors)
    {
        var reader = new JsonTensorReader(document);
        var aliases = signature.InputAliases;
        if (value.ValueKind != JsonValueKind.Object || JsonTensorReader.IsBase64Object(value))
        {
            if (aliases.Count > 1)
            {
                throw ServingException.InvalidArgument(
                    "inputs is a plain value/list, but expecting an object as multiple input tensors required as per tensorinfo_map");
            }

            tensors.Add(aliases[0], reader.ReadTensor(value, signature.Inputs[aliases[0]].DataType));
            return;
        }

        foreach (var alias in aliases)
        {
            var item = FindFirst(value, alias)
                ?? throw ServingException.InvalidArgument($"Missing named input: {alias} in 'inputs' object.");
            tensors.Add(alias, reader.ReadTensor(item, signature.Inputs[alias].DataType));
        }
    }

    private static JsonElement? FindFirst(JsonElement value, string name)
    {
        foreach (var member in value.EnumerateObject())
        {
            if (member.NameEquals(name))
            {
                return member.Value;
            }
        }

        return null;
    }

    private ServingException FormatError(string text) =>
        ServingException.InvalidArgument($"JSON Value: {document.Render(document.Root)} {text}");
}
