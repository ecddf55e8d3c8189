using SealServe.Models.Config.TextFormat;

namespace SealServe.Models.Tests.Config.TextFormat;

/// <summary>Checks a parse error's position and reason, and that its message has protobuf's C++ form.</summary>
internal static class TextFormatAssert
{
    /// <param name="messageType">The full proto name of the message to parse, e.g. <c>google.protobuf.Int32Value</c>.</param>
    public static void Error(string messageType, string text, int line, int column, string reason)
    {
        var descriptor = KnownMessageTypes.Registry.Find(messageType) ?? throw new ArgumentException($"Unknown type {messageType}", nameof(messageType));

        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse(descriptor, text));

        Assert.Equal((line, column, reason), (error.Line, error.Column, error.Reason));
        Assert.Equal($"Error parsing text-format {messageType}: {line}:{column}: {reason}", error.Message);
        Assert.Equal(messageType, error.MessageType);
    }
}
