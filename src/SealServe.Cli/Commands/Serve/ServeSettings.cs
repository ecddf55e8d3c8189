using SealServe.Models;
using SealServe.Models.Config;
using SealServe.Sealing;
using SealServe.Server;

namespace SealServe.Cli.Commands.Serve;

/// <summary>What <c>sealserve serve</c> was asked to do: the server and model options.</summary>
internal sealed record ServeSettings(ServerOptions Server, ModelServingOptions Models)
{
    /// <summary>Keys and legacy decryption for sealed models (<see cref="SealingFlags"/>).</summary>
    public SealingOptions Sealing { get; init; } = new();
}
