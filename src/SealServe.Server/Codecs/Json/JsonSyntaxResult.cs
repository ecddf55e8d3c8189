namespace SealServe.Server.Codecs.Json;

/// <summary>What <see cref="JsonSyntaxScanner"/> found: rapidjson's first error, or where the value is and its NaN/Infinity tokens.</summary>
internal sealed class JsonSyntaxResult
{
    private JsonSyntaxResult(string? error, int errorOffset, int contentStart, int rootEnd, IReadOnlyList<NonFiniteToken> nonFiniteTokens, int tooDeepAt)
    {
        TooDeepAt = tooDeepAt;
        Error = error;
        ErrorOffset = errorOffset;
        ContentStart = contentStart;
        RootEnd = rootEnd;
        NonFiniteTokens = nonFiniteTokens;
    }

    /// <summary>rapidjson's reason text (<c>Invalid value.</c>), or <see langword="null"/> when the text is valid.</summary>
    public string? Error { get; }

    /// <summary>Byte offset rapidjson reports with <see cref="Error"/>.</summary>
    public int ErrorOffset { get; }

    /// <summary>Where the JSON starts (after any byte order mark).</summary>
    public int ContentStart { get; }

    /// <summary>Where the first complete value ends; rapidjson ignores what follows.</summary>
    public int RootEnd { get; }

    /// <summary>Offset of the first bracket nested deeper than the scan's limit, or -1.</summary>
    public int TooDeepAt { get; }

    /// <summary>Bare <c>NaN</c>/<c>Infinity</c> tokens, in document order.</summary>
    public IReadOnlyList<NonFiniteToken> NonFiniteTokens { get; }

    /// <summary>TF Serving's message: <c>JSON Parse error: Invalid value. at offset: 0</c>.</summary>
    public string Message => $"JSON Parse error: {Error} at offset: {ErrorOffset}";

    public static JsonSyntaxResult Valid(int contentStart, int rootEnd, IReadOnlyList<NonFiniteToken>? nonFiniteTokens, int tooDeepAt) =>
        new(null, 0, contentStart, rootEnd, nonFiniteTokens ?? [], tooDeepAt);

    public static JsonSyntaxResult Invalid(string error, int offset) => new(error, offset, 0, 0, [], -1);

    /// <summary>A bare non-finite number token: its bytes (sign included) and value.</summary>
    public readonly record struct NonFiniteToken(int Start, int Length, double Value);
}
