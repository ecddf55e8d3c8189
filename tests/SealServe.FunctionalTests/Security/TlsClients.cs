using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Grpc.Net.Client;
using SealServe.TestKit;
using PredictionService = Tensorflow.Serving.PredictionService;

namespace SealServe.FunctionalTests.Security;

/// <summary>Real HTTPS and gRPC-over-TLS clients that trust one test CA, optionally showing a client certificate.</summary>
internal static class TlsClients
{
    /// <summary>A handler trusting <paramref name="authority"/> only; <paramref name="seen"/> gets each server certificate presented.</summary>
    public static SocketsHttpHandler Handler(X509Certificate2 authority, TestCertificates.Issued? client = null, Action<string>? seen = null)
    {
        var handler = new SocketsHttpHandler
        {
            // A new connection per test step, so a rotated certificate is seen at once.
            PooledConnectionLifetime = TimeSpan.Zero,
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { authority },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                {
                    seen?.Invoke(((X509Certificate2)certificate!).Thumbprint);
                    return errors == SslPolicyErrors.None;
                },
            },
        };
        if (client is not null)
        {
            handler.SslOptions.ClientCertificates = [client.ToCertificate()];
        }

        return handler;
    }

    public static HttpClient Https(int port, X509Certificate2 authority, TestCertificates.Issued? client = null, Action<string>? seen = null) =>
        new(Handler(authority, client, seen)) { BaseAddress = new Uri($"https://127.0.0.1:{port}") };

    public static PredictionService.PredictionServiceClient Grpc(int port, X509Certificate2 authority, TestCertificates.Issued? client = null) =>
        new(GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = Handler(authority, client), DisposeHttpClient = true }));

    /// <summary>Sends a clear-text HTTP/1.1 request on a raw connection and returns whatever comes back until the server closes (or 10 s).</summary>
    public static async Task<string> ClearTextAnswerAsync(int port)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /v1/models/half_plus_two HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var answer = new MemoryStream();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // Reset by the server, or silence: nothing more was answered.
        }

        return Encoding.Latin1.GetString(answer.ToArray());
    }
}
