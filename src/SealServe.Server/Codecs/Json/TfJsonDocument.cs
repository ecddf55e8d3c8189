using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// A JSON request body parsed with TF Serving's rules: rapidjson's error texts and offsets, bare
/// <c>NaN</c>/<c>Infinity</c> number tokens, anything after the first value ignored, and a top-level object.
/// </summary>
/// <remarks>
/// The fast path is one System.Text.Json parse (iterative, depth limited to <see cref="MaxDepth"/>, which
/// every valid request fits). Only if that fails does <see cref="JsonSyntaxScanner"/> run: it either names
/// rapidjson's first error, or the body is too deep (our limit, reported like a parse error), or the body
/// is valid for rapidjson and uses something System.Text.Json refuses. Then the value is copied with each
/// bare <c>NaN</c>/<c>Infinity</c> token replaced by a number literal that overflows a double (and trailing
/// bytes dropped) and parsed again. Such a literal cannot come from the client, because the scanner has
/// already rejected every number that overflows, so <see cref="GetDouble"/> can map it back.
/// Two rapidjson errors System.Text.Json does not see are handled too: a lone surrogate escape
/// (<c>\ud800</c>; the scanner runs whenever the body has a surrogate escape at all), and a number beyond
/// double range, which is reported when a tensor value reads it (so one in an ignored key goes unnoticed,
/// unlike in TF Serving).
/// The document reads from the body without copying it: the body must outlive this object.
/// </remarks>
internal sealed class TfJsonDocument : IDisposable
{
    /// <summary>
    /// Deepest nesting accepted: enough for any valid request (object, <c>instances</c> list, instance
    /// object, 253 more list levels for a rank-254 batch, a <c>{"b64"}</c> object). System.Text.Json's
    /// <see cref="JsonDocument"/> takes time proportional to size × depth (each closing bracket scans back
    /// to its opening one), so unbounded depth would be quadratic; rapidjson has no limit.
    /// </summary>
    public const int MaxDepth = TensorShape.MaxRank + 3;

    // rapidjson's NaN is the positive quiet NaN (.NET's double.NaN has the sign bit set).
    private static readonly double QuietNaN = BitConverter.Int64BitsToDouble(0x7FF8000000000000);

    private static readonly byte[] NaNLiteral = "2e999999"u8.ToArray();
    private static readonly byte[] InfinityLiteral = "1e999999"u8.ToArray();
    private static readonly byte[] NegativeInfinityLiteral = "-1e999999"u8.ToArray();

    private readonly JsonDocument document;
    private readonly ReadOnlyMemory<byte> body;
    private readonly bool hasNonFiniteTokens;

    private TfJsonDocument(JsonDocument document, ReadOnlyMemory<byte> body, bool hasNonFiniteTokens)
    {
        this.document = document;
        this.body = body;
        this.hasNonFiniteTokens = hasNonFiniteTokens;
    }

    public JsonElement Root => document.RootElement;

    /// <summary>
    /// The top-level members a TF Serving route reads: <c>signature_name</c> (<c>""</c> when absent; a non-string is
    /// TF Serving's INVALID_ARGUMENT) and the two named keys. Like rapidjson's FindMember, the first of repeated keys counts.
    /// </summary>
    public (string SignatureName, JsonElement? First, JsonElement? Second) FindRequestMembers(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        JsonElement? signature = null;
        JsonElement? firstValue = null;
        JsonElement? secondValue = null;
        foreach (var member in Root.EnumerateObject())
        {
            if (signature is null && member.NameEquals("signature_name"u8))
            {
                signature = member.Value;
            }
            else if (firstValue is null && member.NameEquals(first))
            {
                firstValue = member.Value;
            }
            else if (secondValue is null && member.NameEquals(second))
            {
                secondValue = member.Value;
            }
        }

        var name = signature switch
        {
            null => string.Empty,
            { ValueKind: JsonValueKind.String } value => GetString(value),
            _ => throw ServingException.InvalidArgument($"JSON Value: {Render(Root)} not formatted correctly. 'signature_name' key must be a string value."),
        };
        return (name, firstValue, secondValue);
    }

    /// <summary>Size of the request body: no valid tensor in it can have more elements than this.</summary>
    public int BodyLength => body.Length;

    /// <summary>Parses <paramref name="body"/>; errors are INVALID_ARGUMENT with TF Serving's texts.</summary>
    public static TfJsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            throw ServingException.InvalidArgument("JSON Parse error: The document is empty");
        }

        var options = new JsonDocumentOptions { MaxDepth = MaxDepth };
        JsonDocument? document;
        var hasNonFiniteTokens = false;
        try
        {
            document = JsonDocument.Parse(body, options);
        }
        catch (JsonException)
        {
            document = null;
        }

        if (document is null)
        {
            var scan = JsonSyntaxScanner.Scan(body.Span, MaxDepth);
            if (scan.Error is not null)
            {
                throw ServingException.InvalidArgument(scan.Message);
            }

            if (scan.TooDeepAt >= 0)
            {
                throw ServingException.InvalidArgument(
                    $"JSON Parse error: Nesting deeper than {MaxDepth} levels (a tensor has at most {TensorShape.MaxRank} dimensions). at offset: {scan.TooDeepAt}");
            }

            hasNonFiniteTokens = scan.NonFiniteTokens.Count > 0;
            try
            {
                document = JsonDocument.Parse(Rewrite(body.Span, scan), options);
            }
            catch (JsonException)
            {
                // Not expected: the scanner accepted the text and the rewrite removed what System.Text.Json refuses.
                throw ServingException.InvalidArgument("JSON Parse error: Unspecific syntax error. at offset: 0");
            }
        }
        else if (MayHaveSurrogateEscape(body.Span))
        {
            var scan = JsonSyntaxScanner.Scan(body.Span, MaxDepth);
            if (scan.Error is not null)
            {
                document.Dispose();
                throw ServingException.InvalidArgument(scan.Message);
            }
        }

        var result = new TfJsonDocument(document, body, hasNonFiniteTokens);
        if (result.Root.ValueKind != JsonValueKind.Object)
        {
            var message = $"JSON Value: {result.Render(result.Root)} Is not object";
            result.Dispose();
            throw ServingException.InvalidArgument(message);
        }

        return result;
    }

    /// <summary>rapidjson's type name, as TF Serving prints it in errors.</summary>
    public static string TypeName(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "Null",
        JsonValueKind.False => "False",
        JsonValueKind.True => "True",
        JsonValueKind.Object => "Object",
        JsonValueKind.Array => "Array",
        JsonValueKind.String => "String",
        _ => "Number",
    };

    /// <summary>The value of a number element, including bare NaN/Infinity tokens.</summary>
    /// <exception cref="ServingException">The number overflows a double (a parse error in TF Serving).</exception>
    public double GetDouble(JsonElement number)
    {
        if (number.TryGetDouble(out var value) && double.IsFinite(value))
        {
            // rapidjson reads "-0" as the integer 0, so only "-0.0" and the like keep the sign.
            return value == 0 && double.IsNegative(value) && JsonMarshal.GetRawUtf8Value(number).SequenceEqual("-0"u8) ? 0 : value;
        }

        return TryGetNonFinite(number, out value) ? value : throw ParseError();
    }

    /// <summary>True for a number literal beyond double range (which rapidjson refuses to parse).</summary>
    public bool IsOutOfRange(JsonElement number) =>
        number.ValueKind == JsonValueKind.Number
        && !(number.TryGetDouble(out var value) && double.IsFinite(value))
        && !TryGetNonFinite(number, out _);

    /// <summary>True when <paramref name="number"/> was a bare <c>NaN</c>/<c>Infinity</c> token.</summary>
    public bool TryGetNonFinite(JsonElement number, out double value)
    {
        value = 0;
        if (!hasNonFiniteTokens || number.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        var raw = JsonMarshal.GetRawUtf8Value(number);
        value = raw.SequenceEqual(NaNLiteral) ? QuietNaN
            : raw.SequenceEqual(InfinityLiteral) ? double.PositiveInfinity
            : raw.SequenceEqual(NegativeInfinityLiteral) ? double.NegativeInfinity
            : 0;
        return value != 0;
    }

    /// <summary>The bytes of a string element with escapes resolved (not validated as UTF-8, as in TF Serving).</summary>
    public byte[] GetBytes(JsonElement text)
    {
        var raw = JsonMarshal.GetRawUtf8Value(text);
        return Unescape(raw[1..^1]);
    }

    /// <summary>The unescaped text of a string element (only short strings such as names reach here).</summary>
    public string GetString(JsonElement text) => Encoding.UTF8.GetString(GetBytes(text));

    /// <summary>The unescaped name of an object member.</summary>
    public byte[] GetNameBytes(JsonProperty member) => Unescape(JsonMarshal.GetRawUtf8PropertyName(member));

    public string GetName(JsonProperty member) => Encoding.UTF8.GetString(GetNameBytes(member));

    /// <summary>rapidjson-style pretty text of <paramref name="value"/> for error messages, cut after 256 bytes.</summary>
    public string Render(JsonElement value) => JsonDebugText.Render(this, value);

    /// <summary>The parse error TF Serving would have reported for this body (found late, see remarks).</summary>
    public ServingException ParseError()
    {
        var scan = JsonSyntaxScanner.Scan(body.Span, MaxDepth);
        return ServingException.InvalidArgument(scan.Error is null ? "JSON Parse error: Number too big to be stored in double." : scan.Message);
    }

    public void Dispose() => document.Dispose();

    private static bool MayHaveSurrogateEscape(ReadOnlySpan<byte> json)
    {
        int at;
        while ((at = json.IndexOf("\\u"u8)) >= 0)
        {
            json = json[(at + 2)..];
            if (json.Length >= 2 && (json[0] | 0x20) == 'd' && (json[1] is >= (byte)'8' and <= (byte)'9' || (json[1] | 0x20) is >= (byte)'a' and <= (byte)'f'))
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Rewrite(ReadOnlySpan<byte> json, JsonSyntaxResult scan)
    {
        var content = json[scan.ContentStart..scan.RootEnd];
        var length = content.Length;
        foreach (var token in scan.NonFiniteTokens)
        {
            length += Literal(token.Value).Length - token.Length;
        }

        var copy = new byte[length];
        var from = scan.ContentStart;
        var to = 0;
        foreach (var token in scan.NonFiniteTokens)
        {
            json[from..token.Start].CopyTo(copy.AsSpan(to));
            to += token.Start - from;
            var literal = Literal(token.Value);
            literal.CopyTo(copy.AsSpan(to));
            to += literal.Length;
            from = token.Start + token.Length;
        }

        json[from..scan.RootEnd].CopyTo(copy.AsSpan(to));
        return copy;
    }

    private static byte[] Literal(double value) =>
        double.IsNaN(value) ? NaNLiteral : value > 0 ? InfinityLiteral : NegativeInfinityLiteral;

    private byte[] Unescape(ReadOnlySpan<byte> raw)
    {
        var backslash = raw.IndexOf((byte)'\\');
        if (backslash < 0)
        {
            return raw.ToArray();
        }

        // An escape is never shorter than what it stands for, so the raw length is enough.
        var result = new byte[raw.Length];
        raw[..backslash].CopyTo(result);
        var written = backslash;
        var i = backslash;
        while (i < raw.Length)
        {
            var c = raw[i++];
            if (c != '\\')
            {
                result[written++] = c;
                continue;
            }

            var e = raw[i++];
            if (e != 'u')
            {
                result[written++] = e switch
                {
                    (byte)'b' => (byte)'\b',
                    (byte)'f' => (byte)'\f',
                    (byte)'n' => (byte)'\n',
                    (byte)'r' => (byte)'\r',
                    (byte)'t' => (byte)'\t',
                    _ => e,
                };
                continue;
            }

            var codepoint = Hex4(raw.Slice(i, 4));
            i += 4;
            if (codepoint is >= 0xD800 and <= 0xDBFF && i + 6 <= raw.Length && raw[i] == '\\' && raw[i + 1] == 'u')
            {
                var low = Hex4(raw.Slice(i + 2, 4));
                if (low is >= 0xDC00 and <= 0xDFFF)
                {
                    codepoint = 0x10000 + ((codepoint - 0xD800) << 10) + (low - 0xDC00);
                    i += 6;
                }
            }

            if (!Rune.TryCreate(codepoint, out var rune))
            {
                // A lone surrogate: rapidjson's parse error (normally caught by the scan in Parse).
                throw ParseError();
            }

            written += rune.EncodeToUtf8(result.AsSpan(written));
        }

        return written == result.Length ? result : result.AsSpan(0, written).ToArray();
    }

    private static int Hex4(ReadOnlySpan<byte> hex)
    {
        var value = 0;
        foreach (var c in hex)
        {
            value = (value << 4) | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }

        return value;
    }
}
