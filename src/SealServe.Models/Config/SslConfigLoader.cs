using SealServe.Core.Errors;
using ProtoSslConfig = Tensorflow.Serving.SSLConfig;

namespace SealServe.Models.Config;

/// <summary>
/// Reads a <c>--ssl_config_file</c> (text-format <c>tensorflow.serving.SSLConfig</c>) into
/// <see cref="SslOptions"/>. TF Serving hands the fields to gRPC unchecked; we check at the door that the key
/// and certificate are present and are PEM text, since a file name there (an easy mistake) would otherwise
/// fail later with a TLS error.
/// </summary>
public static class SslConfigLoader
{
    private const string PemBegin = "-----BEGIN ";

    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ServingException">NOT_FOUND for a missing file; INVALID_ARGUMENT for a syntax error or a missing or non-PEM field.</exception>
    public static SslOptions Load(string path) => Parse(ConfigFile.ReadText(path), path);

    /// <summary>Parses and validates config text (<paramref name="path"/>, if given, names it in syntax errors).</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT for a syntax error or a missing or non-PEM field.</exception>
    public static SslOptions Parse(string text, string? path = null)
    {
        var proto = ConfigFile.Parse<ProtoSslConfig>(text, path);
        var errors = new List<Exception>();
        CheckPem("server_key", proto.ServerKey, required: true, errors);
        CheckPem("server_cert", proto.ServerCert, required: true, errors);
        CheckPem("custom_ca", proto.CustomCa, required: false, errors);
        ConfigFile.ThrowIfAny(errors, "the SSL config");
        return new SslOptions
        {
            ServerKey = proto.ServerKey,
            ServerCert = proto.ServerCert,
            CustomCa = proto.CustomCa,
            ClientVerify = proto.ClientVerify,
        };
    }

    private static void CheckPem(string field, string value, bool required, IList<Exception> errors)
    {
        // The message never quotes the value: it may be key material.
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Add(ServingException.InvalidArgument($"SSLConfig {field} is empty"));
            }
        }
        else if (!value.Contains(PemBegin, StringComparison.Ordinal))
        {
            errors.Add(ServingException.InvalidArgument(
                $"SSLConfig {field} is not PEM text: it must hold the PEM contents (\"-----BEGIN ...\"), not a file name"));
        }
    }
}
