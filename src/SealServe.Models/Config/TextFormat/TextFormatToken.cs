namespace SealServe.Models.Config.TextFormat;

/// <summary>One token: its text, and where it starts in the input (0-based, in UTF-8 bytes, tabs to 8).</summary>
/// <param name="Type">The kind of token.</param>
/// <param name="Text">The token's source text (a string keeps its quotes and escapes).</param>
/// <param name="Offset">The byte offset of the token's first character.</param>
/// <param name="Length">The token's length in bytes.</param>
/// <param name="Line">The 0-based line.</param>
/// <param name="Column">The 0-based column.</param>
/// <param name="EndColumn">The 0-based column just after the token.</param>
internal readonly record struct TextFormatToken(
    TextFormatTokenType Type, string Text, int Offset, int Length, int Line, int Column, int EndColumn);
