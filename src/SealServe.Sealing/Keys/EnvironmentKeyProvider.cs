using System.Security.Cryptography;
using System.Text;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Keys;

/// <summary><c>--key_env NAME</c>: the environment variable NAME holds the key text (<see cref="KeyFileFormat"/>).</summary>
internal sealed class EnvironmentKeyProvider : IKeyProvider
{
    public string Scheme => KeyProviderNames.Environment;

    public KeyEncryptionKey Load(KeySource source)
    {
        var value = Environment.GetEnvironmentVariable(source.Reference);
        if (string.IsNullOrEmpty(value))
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: the environment variable is not set or empty");
        }

        var text = Encoding.UTF8.GetBytes(value);
        try
        {
            return KeyFileFormat.Parse(text, source.Describe());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(text);
        }
    }
}
