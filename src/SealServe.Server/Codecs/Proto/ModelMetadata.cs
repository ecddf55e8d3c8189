namespace SealServe.Server.Codecs.Proto;

/// <summary>Names used by GetModelMetadata.</summary>
internal static class ModelMetadata
{
    /// <summary>The only metadata field TF Serving supports; also the key of the packed SignatureDefMap.</summary>
    public const string SignatureDefField = "signature_def";
}
