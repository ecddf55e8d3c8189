using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using SealServe.Server.Diagnostics;

namespace SealServe.Server.Hosting;

/// <summary>
/// A snapshot built from configuration files (TLS certificates, access keys), built again when any of them
/// changes. Files are compared by content, so a Kubernetes Secret swapped in through symbolic links counts too.
/// The first build happens in the constructor and throws: a bad file stops start-up. Later a bad file keeps the
/// previous snapshot in effect and is logged once per change.
/// </summary>
internal sealed class ReloadingFile<T> : IReloadable
    where T : class
{
    private readonly string name;
    private readonly Func<T> build;
    private readonly Func<IEnumerable<string>> files;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private byte[] fingerprint;
    private volatile T current;

    /// <param name="name">What the snapshot is, for the log (<c>--ssl_config_file /etc/tls/grpc.pbtxt</c>).</param>
    /// <param name="build">Reads the files and builds the snapshot; throws when they are not valid.</param>
    /// <param name="files">The files the snapshot depends on, asked again before every check.</param>
    public ReloadingFile(string name, Func<T> build, Func<IEnumerable<string>> files, ILogger logger)
    {
        this.name = name;
        this.build = build;
        this.files = files;
        this.logger = logger;
        fingerprint = Fingerprint();
        current = build();
    }

    /// <summary>The snapshot in effect.</summary>
    public T Current => current;

    public void ReloadIfChanged()
    {
        lock (gate)
        {
            var now = Fingerprint();
            if (now.AsSpan().SequenceEqual(fingerprint))
            {
                return;
            }

            fingerprint = now;
            try
            {
                current = build();
                ServerLog.ConfigReloaded(logger, name);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ServerLog.ConfigReloadFailed(logger, name, e.Message);
            }
        }
    }

    private byte[] Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files())
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\0"));
            try
            {
                hash.AppendData(SHA256.HashData(File.ReadAllBytes(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Missing for now (a swap in progress): a change like any other, and the build will say why.
                hash.AppendData([0]);
            }
        }

        return hash.GetHashAndReset();
    }
}
