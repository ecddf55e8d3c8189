using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Models.Config.TextFormat;

namespace SealServe.Models.Config;

/// <summary>What every text-proto config file reader shares: reading, parsing, and reporting all errors at once.</summary>
public static class ConfigFile
{
    /// <summary>The file's text; a missing file is NOT_FOUND with TF Serving's wording.</summary>
    public static string ReadText(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ServingException.NotFound($"{path}; No such file or directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServingException(StatusCode.FailedPrecondition, $"Cannot read {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Parses text format; a syntax error is INVALID_ARGUMENT carrying protobuf's message (and, for a
    /// file, TF Serving's <c>Invalid protobuf file: '&lt;path&gt;'</c> before it), the
    /// <see cref="TextFormatException"/> with line and column as the inner exception.
    /// </summary>
    public static T Parse<T>(string text, string? path)
        where T : IMessage<T>, new()
    {
        try
        {
            return TextFormatParser.Parse<T>(text);
        }
        catch (TextFormatException e)
        {
            var message = path is null ? e.Message : $"Invalid protobuf file: '{path}': {e.Message}";
            throw new ServingException(StatusCode.InvalidArgument, message, e);
        }
    }

    /// <summary>
    /// Throws when <paramref name="errors"/> is not empty: a single error as it is, several as one
    /// INVALID_ARGUMENT naming them all (the errors themselves in an <see cref="AggregateException"/>).
    /// </summary>
    public static void ThrowIfAny(IList<Exception> errors, string subject)
    {
        switch (errors.Count)
        {
            case 0:
                return;
            case 1:
                throw errors[0];
            default:
                var messages = string.Join("; ", errors.Select(e => e.Message));
                throw new ServingException(
                    StatusCode.InvalidArgument,
                    $"{errors.Count} errors in {subject}: {messages}",
                    new AggregateException(errors));
        }
    }
}
