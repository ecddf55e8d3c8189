using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The common classify/regress body read in one pass by a small scanner, each example straight into typed values
/// (<see cref="TypedExamples"/>): a top-level object of <c>examples</c>, <c>context</c> and <c>signature_name</c> (each
/// once), examples whose features are numbers, printable-ASCII strings without escapes or booleans, alone or in a flat list, each name once.
/// Anything else declines, errors included, and <see cref="ExamplesJsonRequest"/> parses the body the exact way,
/// which decides TF Serving's answer. It exists for speed: the generic reader costs as much as the whole request.
/// </summary>
/// <remarks>
/// It accepts only strict JSON (a subset of what the exact way accepts) and reads what it accepts exactly as
/// <see cref="ExampleJsonEncoder"/> encodes it (tested side by side): integer literals and booleans int64, other numbers
/// float (the double's nearest float), and as with rapidjson nothing after the top-level object is read.
/// </remarks>
internal ref struct ExamplesJsonFastPath
{
    private const int Declined = -1;

    private readonly ReadOnlySpan<byte> body;
    private readonly TypedExamples read;
    private readonly List<(Range Name, uint Hash)> names = [];
    private int at;
    private ulong seenHashes;

    private ExamplesJsonFastPath(ReadOnlyMemory<byte> body)
    {
        this.body = body.Span;
        read = new TypedExamples(body);
    }

    /// <summary>Reads the body's examples (and context) as typed values; false to decline.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, out string signatureName, [NotNullWhen(true)] out TypedExamples? examples)
    {
        signatureName = string.Empty;
        examples = null;
        var scanner = new ExamplesJsonFastPath(body);
        var json = body.Span;
        string? signature = null;
        var context = false;
        var list = false;
        if (!scanner.Skip((byte)'{'))
        {
            return false;
        }

        var more = !scanner.Skip((byte)'}');
        while (more)
        {
            if (!scanner.TryName(out var key) || !scanner.Skip((byte)':'))
            {
                return false;
            }

            var name = json[key];
            if (name.SequenceEqual("examples"u8) && !list && scanner.Skip((byte)'['))
            {
                list = true;
                do
                {
                    var start = scanner.read.NextFeature;
                    if (!scanner.ReadExample())
                    {
                        return false;
                    }

                    scanner.read.EndExample(start);
                }
                while (scanner.Skip((byte)','));

                if (!scanner.Skip((byte)']'))
                {
                    return false;
                }
            }
            else if (name.SequenceEqual("context"u8) && !context && scanner.read.NextFeature is var start && scanner.ReadExample())
            {
                context = true;
                scanner.read.EndContext(start);
            }
            else if (name.SequenceEqual("signature_name"u8) && signature is null && scanner.TryName(out var value))
            {
                signature = System.Text.Encoding.ASCII.GetString(json[value]);
            }
            else
            {
                return false;
            }

            more = scanner.Skip((byte)',');
            if (!more && !scanner.Skip((byte)'}'))
            {
                return false;
            }
        }

        if (!list)
        {
            return false;
        }

        signatureName = signature ?? string.Empty;
        examples = scanner.read;
        return true;
    }

    /// <summary>Reads an example object at the scanner; false to decline.</summary>
    private bool ReadExample()
    {
        if (!Skip((byte)'{'))
        {
            return false;
        }

        names.Clear();
        seenHashes = 0;
        if (!Skip((byte)'}'))
        {
            do
            {
                if (!TryName(out var name) || !Skip((byte)':') || IsRepeated(name, out var hash))
                {
                    return false;
                }

                names.Add((name, hash));
                read.StartFeature();
                var kind = ExampleWireWriter.NoValues;
                if (Skip((byte)'['))
                {
                    if (!Skip((byte)']'))
                    {
                        do
                        {
                            kind = AddValue(kind);
                        }
                        while (kind != Declined && Skip((byte)','));

                        if (kind == Declined || !Skip((byte)']'))
                        {
                            return false;
                        }
                    }
                }
                else if ((kind = AddValue(kind)) == Declined)
                {
                    return false;
                }

                read.EndFeature(name, kind);
            }
            while (Skip((byte)','));

            if (!Skip((byte)'}'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the example named a feature <paramref name="name"/> before; names are compared only when their hashes share a bit of <see cref="seenHashes"/>.</summary>
    private bool IsRepeated(Range name, out uint hash)
    {
        hash = 2166136261u; // FNV-1a
        foreach (var b in body[name])
        {
            hash = (hash ^ b) * 16777619u;
        }

        var bit = 1UL << (int)(hash & 63);
        if ((seenHashes & bit) == 0)
        {
            seenHashes |= bit;
            return false;
        }

        foreach (var earlier in names)
        {
            if (earlier.Hash == hash && body[earlier.Name].SequenceEqual(body[name]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds the scalar at the scanner to the feature; the feature's kind, or <see cref="Declined"/>.</summary>
    private int AddValue(int kind)
    {
        SkipWhitespace();
        if (at >= body.Length)
        {
            return Declined;
        }

        switch (body[at])
        {
            case (byte)'"' when kind is ExampleWireWriter.NoValues or ExampleWireWriter.Bytes && TryName(out var text):
                read.AddBytes(text);
                return ExampleWireWriter.Bytes;
            case (byte)'t' when kind is ExampleWireWriter.NoValues or ExampleWireWriter.Int64 && SkipLiteral("true"u8):
                read.AddInt64(1);
                return ExampleWireWriter.Int64;
            case (byte)'f' when kind is ExampleWireWriter.NoValues or ExampleWireWriter.Int64 && SkipLiteral("false"u8):
                read.AddInt64(0);
                return ExampleWireWriter.Int64;
            case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                return AddNumber(kind);
            default:
                return Declined;
        }
    }

    private int AddNumber(int kind)
    {
        var start = at;
        if (!SkipNumber(out var isInteger))
        {
            return Declined;
        }

        var literal = body[start..at];
        if (isInteger)
        {
            // int64; one beyond (TF Serving's uint64 error, or a float) declines.
            if (kind is not (ExampleWireWriter.NoValues or ExampleWireWriter.Int64) || !Utf8Parser.TryParse(literal, out long integer, out var used) || used != literal.Length)
            {
                return Declined;
            }

            read.AddInt64(integer);
            return ExampleWireWriter.Int64;
        }

        if (kind is not (ExampleWireWriter.NoValues or ExampleWireWriter.Float)
            || !(DecimalLiteral.TryParse(literal, out var number) || (Utf8Parser.TryParse(literal, out number, out var consumed) && consumed == literal.Length && double.IsFinite(number))))
        {
            return Declined;
        }

        read.AddFloat((float)number);
        return ExampleWireWriter.Float;
    }

    /// <summary>Passes a number in JSON's grammar: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    private bool SkipNumber(out bool isInteger)
    {
        isInteger = true;
        if (at < body.Length && body[at] == '-')
        {
            at++;
        }

        if (at < body.Length && body[at] == '0')
        {
            at++;
        }
        else if (!SkipDigits())
        {
            return false;
        }

        if (at < body.Length && body[at] == '.')
        {
            at++;
            isInteger = false;
            if (!SkipDigits())
            {
                return false;
            }
        }

        if (at < body.Length && (body[at] | 0x20) == 'e')
        {
            at++;
            isInteger = false;
            if (at < body.Length && body[at] is (byte)'+' or (byte)'-')
            {
                at++;
            }

            if (!SkipDigits())
            {
                return false;
            }
        }

        // A number ends at a delimiter (so "1.5.2" or "01" decline).
        return at < body.Length && body[at] is (byte)',' or (byte)']' or (byte)'}' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';
    }

    private bool SkipDigits()
    {
        var start = at;
        while (at < body.Length && (uint)(body[at] - '0') <= 9)
        {
            at++;
        }

        return at > start;
    }

    /// <summary>A string at the scanner of printable ASCII without escapes; its bytes' range.</summary>
    private bool TryName(out Range text)
    {
        text = default;
        if (!Skip((byte)'"'))
        {
            return false;
        }

        var start = at;
        while (at < body.Length && body[at] is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\')
        {
            at++;
        }

        if (at >= body.Length || body[at] != '"')
        {
            return false;
        }

        text = start..at;
        at++;
        return true;
    }

    private bool SkipLiteral(ReadOnlySpan<byte> literal)
    {
        if (!body[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    /// <summary>Passes whitespace, then <paramref name="token"/> if it is next.</summary>
    private bool Skip(byte token)
    {
        SkipWhitespace();
        if (at < body.Length && body[at] == token)
        {
            at++;
            return true;
        }

        return false;
    }

    private void SkipWhitespace()
    {
        while (at < body.Length && body[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }
    }
}
