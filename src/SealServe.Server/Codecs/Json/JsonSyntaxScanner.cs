using System.Buffers;
using System.Globalization;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Checks a JSON text the way TF Serving's parser does (rapidjson's iterative parser with
/// <c>kParseNanAndInfFlag | kParseStopWhenDoneFlag</c>) and reports its first error with rapidjson's
/// reason text and byte offset, e.g. <c>Invalid value.</c> at 0.
/// </summary>
/// <remarks>
/// Only runs when System.Text.Json rejects a body (or may disagree with rapidjson, see
/// <see cref="TfJsonDocument"/>), so it never costs anything on a well-formed request. It keeps an explicit
/// container stack, so a million nested <c>[</c> is an error, not a stack overflow. Besides errors it finds
/// what rapidjson accepts and System.Text.Json does not: bare <c>NaN</c>/<c>Inf</c>/<c>Infinity</c> tokens
/// (optionally signed), bytes after the first complete value (ignored), a UTF-8 byte order mark, and a NUL
/// byte (end of input for rapidjson).
/// Known simplification: a number is "too big" when it rounds to infinity as a double; rapidjson also
/// rejects some finite spellings such as <c>0e999</c> (its exponent check runs before scaling).
/// </remarks>
internal static class JsonSyntaxScanner
{
    private static readonly SearchValues<byte> StringSpecial = SearchValues.Create(
        [(byte)'"', (byte)'\\', 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private enum State : byte
    {
        Finish,
        Error,
        Start,
        ObjectInitial,
        MemberKey,
        MemberValue,
        ObjectFinish,
        ArrayInitial,
        Element,
        ArrayFinish,
        Value,
        ElementDelimiter,
        MemberDelimiter,
        KeyValueDelimiter,
    }

    private enum Token : byte
    {
        LeftBracket,
        RightBracket,
        LeftCurlyBracket,
        RightCurlyBracket,
        Comma,
        Colon,
        String,
        False,
        True,
        Null,
        Number,
    }

    /// <param name="json">The body.</param>
    /// <param name="maxDepth">Nesting that is reported (when the text is otherwise valid) as too deep.</param>
    public static JsonSyntaxResult Scan(ReadOnlySpan<byte> json, int maxDepth)
    {
        var scanner = new Scanner(json, maxDepth);
        return scanner.Run();
    }

    private ref struct Scanner
    {
        private readonly ReadOnlySpan<byte> json;
        private readonly int maxDepth;
        private readonly Stack<State> stack = new();
        private int tooDeepAt = -1;
        private List<JsonSyntaxResult.NonFiniteToken>? nonFinite;
        private string? error;
        private int errorOffset;
        private int pos;

        public Scanner(ReadOnlySpan<byte> json, int maxDepth)
        {
            this.json = json;
            this.maxDepth = maxDepth;
        }

        public JsonSyntaxResult Run()
        {
            // rapidjson's UTF-8 input stream drops EF, BB, BF (each only if present, in that order).
            foreach (var bomByte in (ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])
            {
                if (Peek() == bomByte)
                {
                    pos++;
                }
            }

            var start = pos;
            var state = State.Start;
            SkipWhitespace();
            while (Peek() != 0)
            {
                var token = Tokenize(Peek());
                var next = Transit(state, Predict(state, token));
                if (next == State.Error)
                {
                    HandleError(state);
                    break;
                }

                state = next;
                if (state == State.Finish)
                {
                    break;
                }

                SkipWhitespace();
            }

            if (state != State.Finish)
            {
                HandleError(state);
            }

            return error is null
                ? JsonSyntaxResult.Valid(start, pos, nonFinite, tooDeepAt)
                : JsonSyntaxResult.Invalid(error, errorOffset);
        }

        private static Token Tokenize(byte c) => c switch
        {
            (byte)'[' => Token.LeftBracket,
            (byte)']' => Token.RightBracket,
            (byte)'{' => Token.LeftCurlyBracket,
            (byte)'}' => Token.RightCurlyBracket,
            (byte)',' => Token.Comma,
            (byte)':' => Token.Colon,
            (byte)'"' => Token.String,
            (byte)'f' => Token.False,
            (byte)'t' => Token.True,
            (byte)'n' => Token.Null,
            _ => Token.Number,
        };

        private static bool IsScalar(Token token) => token >= Token.String;

        /// <summary>rapidjson's state-transition table <c>G</c>.</summary>
        private static State Predict(State state, Token token) => state switch
        {
            State.Start => token switch
            {
                Token.LeftBracket => State.ArrayInitial,
                Token.LeftCurlyBracket => State.ObjectInitial,
                _ when IsScalar(token) => State.Value,
                _ => State.Error,
            },
            State.ObjectInitial or State.MemberDelimiter => token switch
            {
                Token.RightCurlyBracket => State.ObjectFinish,
                Token.String => State.MemberKey,
                _ => State.Error,
            },
            State.MemberKey => token == Token.Colon ? State.KeyValueDelimiter : State.Error,
            State.MemberValue => token switch
            {
                Token.RightCurlyBracket => State.ObjectFinish,
                Token.Comma => State.MemberDelimiter,
                _ => State.Error,
            },
            State.ArrayInitial or State.ElementDelimiter => token switch
            {
                Token.LeftBracket => State.ArrayInitial,
                Token.RightBracket => State.ArrayFinish,
                Token.LeftCurlyBracket => State.ObjectInitial,
                _ when IsScalar(token) => State.Element,
                _ => State.Error,
            },
            State.Element => token switch
            {
                Token.RightBracket => State.ArrayFinish,
                Token.Comma => State.ElementDelimiter,
                _ => State.Error,
            },
            State.KeyValueDelimiter => token switch
            {
                Token.LeftBracket => State.ArrayInitial,
                Token.LeftCurlyBracket => State.ObjectInitial,
                _ when IsScalar(token) => State.MemberValue,
                _ => State.Error,
            },
            _ => State.Error,
        };

        private readonly byte Peek() => pos < json.Length ? json[pos] : (byte)0;

        private bool Consume(byte expected)
        {
            if (Peek() != expected)
            {
                return false;
            }

            pos++;
            return true;
        }

        private void SkipWhitespace()
        {
            while (Peek() is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                pos++;
            }
        }

        private void SetError(string reason, int offset)
        {
            if (error is null)
            {
                error = reason;
                errorOffset = offset;
            }
        }

        private State Transit(State source, State destination)
        {
            switch (destination)
            {
                case State.Error:
                    return State.Error;
                case State.ObjectInitial or State.ArrayInitial:
                    stack.Push(source switch
                    {
                        State.ArrayInitial or State.ElementDelimiter => State.Element,
                        State.KeyValueDelimiter => State.MemberValue,
                        _ => source,
                    });
                    if (stack.Count > maxDepth && tooDeepAt < 0)
                    {
                        tooDeepAt = pos;
                    }

                    pos++;
                    return destination;
                case State.MemberKey:
                    ParseString();
                    return error is null ? destination : State.Error;
                case State.KeyValueDelimiter or State.MemberDelimiter or State.ElementDelimiter:
                    pos++;
                    return destination;
                case State.ObjectFinish or State.ArrayFinish:
                    if (source == State.MemberDelimiter)
                    {
                        SetError("Missing a name for object member.", pos);
                        return State.Error;
                    }

                    if (source == State.ElementDelimiter)
                    {
                        SetError("Invalid value.", pos);
                        return State.Error;
                    }

                    var outer = stack.Pop();
                    pos++;
                    return outer == State.Start ? State.Finish : outer;
                default:
                    // Element, MemberValue or a scalar root (Value): never a container here.
                    ParseScalar();
                    if (error is not null)
                    {
                        return State.Error;
                    }

                    return destination == State.Value ? State.Finish : destination;
            }
        }

        private void HandleError(State source)
        {
            switch (source)
            {
                case State.Start:
                    SetError("The document is empty.", pos);
                    break;
                case State.Finish:
                    SetError("The document root must not be followed by other values.", pos);
                    break;
                case State.ObjectInitial or State.MemberDelimiter:
                    SetError("Missing a name for object member.", pos);
                    break;
                case State.MemberKey:
                    SetError("Missing a colon after a name of object member.", pos);
                    break;
                case State.MemberValue:
                    SetError("Missing a comma or '}' after an object member.", pos);
                    break;
                case State.KeyValueDelimiter or State.ArrayInitial or State.ElementDelimiter:
                    SetError("Invalid value.", pos);
                    break;
                default:
                    SetError("Missing a comma or ']' after an array element.", pos);
                    break;
            }
        }

        private void ParseScalar()
        {
            switch (Peek())
            {
                case (byte)'n':
                    ParseLiteral("null"u8);
                    break;
                case (byte)'t':
                    ParseLiteral("true"u8);
                    break;
                case (byte)'f':
                    ParseLiteral("false"u8);
                    break;
                case (byte)'"':
                    ParseString();
                    break;
                default:
                    ParseNumber();
                    break;
            }
        }

        private void ParseLiteral(ReadOnlySpan<byte> literal)
        {
            pos++;
            foreach (var expected in literal[1..])
            {
                if (!Consume(expected))
                {
                    SetError("Invalid value.", pos);
                    return;
                }
            }
        }

        private void ParseString()
        {
            pos++;
            while (true)
            {
                var run = pos < json.Length ? json[pos..].IndexOfAny(StringSpecial) : -1;
                pos = run < 0 ? json.Length : pos + run;
                var c = Peek();
                if (c == '\\')
                {
                    var escapeOffset = pos;
                    pos++;
                    var e = Peek();
                    if (e is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
                    {
                        pos++;
                    }
                    else if (e == 'u')
                    {
                        pos++;
                        if (!ParseUnicodeEscape(escapeOffset))
                        {
                            return;
                        }
                    }
                    else
                    {
                        SetError("Invalid escape character in string.", escapeOffset);
                        return;
                    }
                }
                else if (c == '"')
                {
                    pos++;
                    return;
                }
                else
                {
                    // A control character, or the end of input (Peek gives 0, as rapidjson's stream does).
                    SetError(c == 0 ? "Missing a closing quotation mark in string." : "Invalid encoding in string.", pos);
                    return;
                }
            }
        }

        private bool ParseUnicodeEscape(int escapeOffset)
        {
            if (!ParseHex4(escapeOffset, out var codepoint))
            {
                return false;
            }

            if (codepoint is < 0xD800 or > 0xDFFF)
            {
                return true;
            }

            if (codepoint <= 0xDBFF && Consume((byte)'\\') && Consume((byte)'u'))
            {
                if (!ParseHex4(escapeOffset, out var low))
                {
                    return false;
                }

                if (low is >= 0xDC00 and <= 0xDFFF)
                {
                    return true;
                }
            }

            SetError("The surrogate pair in string is invalid.", escapeOffset);
            return false;
        }

        private bool ParseHex4(int escapeOffset, out int codepoint)
        {
            codepoint = 0;
            for (var i = 0; i < 4; i++)
            {
                var value = HexValue(Peek());
                if (value < 0)
                {
                    SetError("Incorrect hex digit after \\u escape in string.", escapeOffset);
                    return false;
                }

                codepoint = (codepoint << 4) | value;
                pos++;
            }

            return true;
        }

        private static int HexValue(byte c) => c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            _ => -1,
        };

        private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

        private void ParseNumber()
        {
            var start = pos;
            var minus = Consume((byte)'-');
            var c = Peek();
            if (c == '0')
            {
                pos++;
            }
            else if (c is >= (byte)'1' and <= (byte)'9')
            {
                while (IsDigit(Peek()))
                {
                    pos++;
                }
            }
            else if (c is (byte)'N' or (byte)'I')
            {
                ParseNonFinite(start, minus);
                return;
            }
            else
            {
                SetError("Invalid value.", pos);
                return;
            }

            if (Consume((byte)'.'))
            {
                if (!IsDigit(Peek()))
                {
                    SetError("Miss fraction part in number.", pos);
                    return;
                }

                while (IsDigit(Peek()))
                {
                    pos++;
                }
            }

            if (Consume((byte)'e') || Consume((byte)'E'))
            {
                if (!Consume((byte)'+'))
                {
                    Consume((byte)'-');
                }

                if (!IsDigit(Peek()))
                {
                    SetError("Miss exponent in number.", pos);
                    return;
                }

                while (IsDigit(Peek()))
                {
                    pos++;
                }
            }

            if (!double.TryParse(json[start..pos], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                SetError("Number too big to be stored in double.", start);
            }
        }

        private void ParseNonFinite(int start, bool minus)
        {
            var value = 0.0;
            var matched = false;
            if (Consume((byte)'N'))
            {
                if (Consume((byte)'a') && Consume((byte)'N'))
                {
                    value = double.NaN;
                    matched = true;
                }
            }
            else if (Consume((byte)'I') && Consume((byte)'n') && Consume((byte)'f'))
            {
                value = minus ? double.NegativeInfinity : double.PositiveInfinity;
                matched = true;
                if (Peek() == 'i' && !(Consume((byte)'i') && Consume((byte)'n') && Consume((byte)'i') && Consume((byte)'t') && Consume((byte)'y')))
                {
                    SetError("Invalid value.", pos);
                    return;
                }
            }

            if (!matched)
            {
                SetError("Invalid value.", pos);
                return;
            }

            (nonFinite ??= []).Add(new JsonSyntaxResult.NonFiniteToken(start, pos - start, value));
        }
    }
}
