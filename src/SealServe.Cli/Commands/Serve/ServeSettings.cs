using SealServe.Models;
using SealServe.Models.Config;
using SealServe.Server;

namespace SealServe.Cli.Commands.Serve;

/// <summary>What <c>sealserve serve</c> was asked to do: the server and model options, plus what to warn about.</summary>
internal sealed record ServeSettings(
    ServerOptions Server,
    ModelServingOptions Models,
    IReadOnlyList<string> NotImplementedFlags,
    IReadOnlyList<string> UnknownArguments);
