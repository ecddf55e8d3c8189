using System.Buffers;
using System.Text.Json;
using Google.Protobuf;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// Proto → JSON as TF Serving prints status and metadata: proto field names, fields with default values
/// included, int64 as strings, enums by name, one-space indentation.
/// </summary>
internal static class ProtoJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true).WithPreserveProtoFieldNames(true));

    public static string Format(IMessage message)
    {
        using var document = JsonDocument.Parse(Formatter.Format(message));
        var output = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true, IndentSize = 1, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }
}
