using System.Globalization;
using System.Text;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// Splits text-format input into tokens exactly as protobuf's C++ <c>io::Tokenizer</c> does with the
/// settings its text parser uses (<c>#</c> comments, <c>f</c> after floats, a space required after a
/// number). It reads UTF-8 bytes and counts columns in bytes with tabs to multiples of 8, so
/// positions match the C++ messages. The first error ends the parse: C++ keeps going but reports the
/// first error first, and that is the one we throw.
/// </summary>
internal sealed class TextFormatTokenizer
{
    private const int TabWidth = 8;
    private const string UrlSymbols = "-.~!$&()*+,;=%/";

    private readonly byte[] input;
    private readonly string messageType;
    private int position;
    private int line;
    private int column;

    public TextFormatTokenizer(string text, string messageType)
    {
        input = Encoding.UTF8.GetBytes(text);
        this.messageType = messageType;
        Current = new TextFormatToken(TextFormatTokenType.Start, string.Empty, 0, 0, 0, 0, 0);
        Next();
    }

    /// <summary>The token under the cursor.</summary>
    public TextFormatToken Current { get; private set; }

    /// <summary>The token before <see cref="Current"/>.</summary>
    public TextFormatToken Previous { get; private set; }

    /// <summary>When set, the next tokens are URL character runs (inside <c>[...]</c> of an Any).</summary>
    public bool ReadUrlChars { get; set; }

    private byte Char => position < input.Length ? input[position] : (byte)0;

    private bool AtEnd => position >= input.Length;

    /// <summary>The bytes of a token (used to decode string literals).</summary>
    public ReadOnlySpan<byte> Bytes(TextFormatToken token) => input.AsSpan(token.Offset, token.Length);

    /// <summary>An error at a 0-based position, printed 1-based as protobuf does.</summary>
    public TextFormatException Error(int errorLine, int errorColumn, string reason) =>
        new(messageType, errorLine + 1, errorColumn + 1, reason);

    /// <summary>Reads the next token into <see cref="Current"/>.</summary>
    public void Next()
    {
        Previous = Current;
        while (!AtEnd)
        {
            if (IsWhitespace(Char))
            {
                while (IsWhitespace(Char))
                {
                    NextChar();
                }

                continue;
            }

            if (Char == '#')
            {
                while (!AtEnd && Char != '\n')
                {
                    NextChar();
                }

                NextChar();
                continue;
            }

            if (Char < ' ')
            {
                throw Error(line, column, "Invalid control characters encountered in text.");
            }

            Current = ReadToken();
            return;
        }

        Current = new TextFormatToken(TextFormatTokenType.End, string.Empty, position, 0, line, column, column);
    }

    private TextFormatToken ReadToken()
    {
        var start = position;
        var startLine = line;
        var startColumn = column;
        var type = ReadUrlChars ? ReadUrlCharsToken() : ReadRegularToken(startLine, startColumn);
        var text = Encoding.UTF8.GetString(input, start, position - start);
        return new TextFormatToken(type, text, start, position - start, startLine, startColumn, column);
    }

    private TextFormatTokenType ReadUrlCharsToken()
    {
        if (!IsUrlChar(Char))
        {
            ConsumeSymbol();
            return TextFormatTokenType.Symbol;
        }

        while (IsUrlChar(Char))
        {
            NextChar();
        }

        return TextFormatTokenType.UrlChars;
    }

    private TextFormatTokenType ReadRegularToken(int startLine, int startColumn)
    {
        if (IsLetter(Char))
        {
            while (IsLetter(Char) || char.IsAsciiDigit((char)Char))
            {
                NextChar();
            }

            return TextFormatTokenType.Identifier;
        }

        if (TryConsume('0'))
        {
            return ConsumeNumber(startedWithZero: true, startedWithDot: false);
        }

        if (TryConsume('.'))
        {
            if (!TryConsumeDigit())
            {
                return TextFormatTokenType.Symbol;
            }

            if (Previous.Type == TextFormatTokenType.Identifier && startLine == Previous.Line && startColumn == Previous.EndColumn)
            {
                // "blah.123" is not a field followed by a float.
                throw Error(line, column - 2, "Need space between identifier and decimal point.");
            }

            return ConsumeNumber(startedWithZero: false, startedWithDot: true);
        }

        if (TryConsumeDigit())
        {
            return ConsumeNumber(startedWithZero: false, startedWithDot: false);
        }

        if (Char is (byte)'"' or (byte)'\'')
        {
            var delimiter = Char;
            NextChar();
            ConsumeString(delimiter);
            return TextFormatTokenType.String;
        }

        ConsumeSymbol();
        return TextFormatTokenType.Symbol;
    }

    private TextFormatTokenType ConsumeNumber(bool startedWithZero, bool startedWithDot)
    {
        var isFloat = false;
        if (startedWithZero && (TryConsume('x') || TryConsume('X')))
        {
            if (!IsHexDigit(Char))
            {
                throw Error(line, column, "\"0x\" must be followed by hex digits.");
            }

            while (IsHexDigit(Char))
            {
                NextChar();
            }
        }
        else if (startedWithZero && char.IsAsciiDigit((char)Char))
        {
            while (Char is >= (byte)'0' and <= (byte)'7')
            {
                NextChar();
            }

            if (char.IsAsciiDigit((char)Char))
            {
                throw Error(line, column, "Numbers starting with leading zero must be in octal.");
            }
        }
        else
        {
            isFloat = ConsumeDecimalRest(startedWithDot);
        }

        if (IsLetter(Char))
        {
            throw Error(line, column, "Need space between number and identifier.");
        }

        if (Char == '.')
        {
            throw Error(line, column, isFloat
                ? "Already saw decimal point or exponent; can't have another one."
                : "Hex and octal numbers must be integers.");
        }

        return isFloat ? TextFormatTokenType.Float : TextFormatTokenType.Integer;
    }

    private bool ConsumeDecimalRest(bool startedWithDot)
    {
        var isFloat = startedWithDot;
        while (TryConsumeDigit())
        {
        }

        if (!startedWithDot && TryConsume('.'))
        {
            isFloat = true;
            while (TryConsumeDigit())
            {
            }
        }

        if (TryConsume('e') || TryConsume('E'))
        {
            isFloat = true;
            _ = TryConsume('-') || TryConsume('+');
            if (!char.IsAsciiDigit((char)Char))
            {
                throw Error(line, column, "\"e\" must be followed by exponent.");
            }

            while (TryConsumeDigit())
            {
            }
        }

        return (TryConsume('f') || TryConsume('F')) || isFloat;
    }

    private void ConsumeString(byte delimiter)
    {
        while (true)
        {
            switch (Char)
            {
                case 0:
                    throw Error(line, column, "Unexpected end of string.");
                case (byte)'\n':
                    throw Error(line, column, "Multiline strings are not allowed. Did you miss a \"?.");
                case (byte)'\\':
                    NextChar();
                    ConsumeEscape();
                    break;
                default:
                    var isEnd = Char == delimiter;
                    NextChar();
                    if (isEnd)
                    {
                        return;
                    }

                    break;
            }
        }
    }

    private void ConsumeEscape()
    {
        if (Char is (byte)'a' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t' or (byte)'v'
            or (byte)'\\' or (byte)'?' or (byte)'\'' or (byte)'"' || Char is >= (byte)'0' and <= (byte)'7')
        {
            // Further octal digits are ordinary characters to the scanner.
            NextChar();
        }
        else if (TryConsume('x') || TryConsume('X'))
        {
            if (!TryConsumeHexDigit())
            {
                throw Error(line, column, "Expected hex digits for escape sequence.");
            }
        }
        else if (TryConsume('u'))
        {
            if (!TryConsumeHexDigit() || !TryConsumeHexDigit() || !TryConsumeHexDigit() || !TryConsumeHexDigit())
            {
                throw Error(line, column, "Expected four hex digits for \\u escape sequence.");
            }
        }
        else if (TryConsume('U'))
        {
            // Eight hex digits, at most 0010ffff.
            if (!TryConsume('0') || !TryConsume('0') || !(TryConsume('0') || TryConsume('1'))
                || !TryConsumeHexDigit() || !TryConsumeHexDigit() || !TryConsumeHexDigit() || !TryConsumeHexDigit() || !TryConsumeHexDigit())
            {
                throw Error(line, column, "Expected eight hex digits up to 10ffff for \\U escape sequence");
            }
        }
        else
        {
            throw Error(line, column, "Invalid escape sequence in string literal.");
        }
    }

    private void ConsumeSymbol()
    {
        if (Char >= 0x80)
        {
            throw Error(line, column, string.Create(CultureInfo.InvariantCulture, $"Interpreting non ascii codepoint {Char}."));
        }

        NextChar();
    }

    private void NextChar()
    {
        if (AtEnd)
        {
            return;
        }

        if (Char == '\n')
        {
            line++;
            column = 0;
        }
        else if (Char == '\t')
        {
            column += TabWidth - (column % TabWidth);
        }
        else
        {
            column++;
        }

        position++;
    }

    private bool TryConsume(char c)
    {
        if (AtEnd || Char != c)
        {
            return false;
        }

        NextChar();
        return true;
    }

    private bool TryConsumeDigit()
    {
        if (!char.IsAsciiDigit((char)Char))
        {
            return false;
        }

        NextChar();
        return true;
    }

    private bool TryConsumeHexDigit()
    {
        if (!IsHexDigit(Char))
        {
            return false;
        }

        NextChar();
        return true;
    }

    private static bool IsWhitespace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsLetter(byte c) => char.IsAsciiLetter((char)c) || c == '_';

    private static bool IsHexDigit(byte c) => char.IsAsciiHexDigit((char)c);

    private static bool IsUrlChar(byte c) => IsLetter(c) || char.IsAsciiDigit((char)c) || (c != 0 && UrlSymbols.Contains((char)c, StringComparison.Ordinal));
}
