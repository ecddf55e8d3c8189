using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace SealServe.Server.Hosting;

/// <summary>Marks the connections of the REST listener, so the REST API never answers on the gRPC port or socket.</summary>
internal static class RestListener
{
    private static readonly object Key = new();

    public static ConnectionDelegate Mark(ConnectionDelegate next) => connection =>
    {
        connection.Items[Key] = Key;
        return next(connection);
    };

    public static bool Accepted(HttpContext context) => context.Features.Get<IConnectionItemsFeature>()?.Items.ContainsKey(Key) == true;
}
