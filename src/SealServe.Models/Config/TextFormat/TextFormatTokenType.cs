namespace SealServe.Models.Config.TextFormat;

/// <summary>The kinds of token protobuf's text-format tokenizer (<c>io::Tokenizer</c>) produces.</summary>
internal enum TextFormatTokenType
{
    /// <summary>Before the first token has been read.</summary>
    Start,

    /// <summary>The end of the input.</summary>
    End,

    /// <summary>A letter or underscore followed by letters, digits and underscores.</summary>
    Identifier,

    /// <summary>A decimal, hexadecimal (<c>0x</c>) or octal (leading <c>0</c>) integer, without sign.</summary>
    Integer,

    /// <summary>A number with a decimal point, an exponent or an <c>f</c> suffix, without sign.</summary>
    Float,

    /// <summary>A quoted string literal, quotes and escapes included.</summary>
    String,

    /// <summary>Any other single character.</summary>
    Symbol,

    /// <summary>A run of URL characters, read only between the brackets of an Any type URL.</summary>
    UrlChars,
}
