namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// Text-format input that does not parse, reported as protobuf's C++ parser logs it:
/// <c>Error parsing text-format tensorflow.serving.ModelServerConfig: 1:12: Message type ... has no field named "improperly".</c>
/// </summary>
public sealed class TextFormatException : FormatException
{
    public TextFormatException(string messageType, int line, int column, string reason)
        : base($"Error parsing text-format {messageType}: {line}:{column}: {reason}")
    {
        MessageType = messageType;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>The full name of the message being parsed (<c>tensorflow.serving.ModelServerConfig</c>).</summary>
    public string MessageType { get; }

    /// <summary>The 1-based line of the token where the parser stopped.</summary>
    public int Line { get; }

    /// <summary>
    /// The 1-based column, counted as protobuf does: in UTF-8 bytes, a tab advancing to the next multiple of 8.
    /// </summary>
    public int Column { get; }

    /// <summary>The message without the position prefix, e.g. <c>Expected identifier, got: }</c>.</summary>
    public string Reason { get; }
}
