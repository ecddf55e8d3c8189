using System.Net;
using System.Net.Sockets;

namespace SealServe.LoadTest.Hosting;

/// <summary>Asks the OS for an unused loopback port (<c>sealserve serve --port=0</c> would disable gRPC, as in TF Serving).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
