using System.CommandLine;
using SealServe.LoadTest.Baselines;

namespace SealServe.LoadTest.Commands;

/// <summary><c>bare-server</c> (started by the suite as a child process): the stack-limit baseline.</summary>
internal sealed class BareServerCommand : Command
{
    private readonly Option<int> grpcPort = new("--grpc-port") { Required = true };
    private readonly Option<int> restPort = new("--rest-port") { Required = true };
    private readonly Option<string> jsonResponse = new("--json-response") { Required = true };
    private readonly Option<string> grpcResponse = new("--grpc-response") { Required = true };

    public BareServerCommand()
        : base("bare-server", "Bare Kestrel JSON endpoint and bare gRPC Predict answering fixed responses (the suite starts it).")
    {
        Hidden = true;
        Options.Add(grpcPort);
        Options.Add(restPort);
        Options.Add(jsonResponse);
        Options.Add(grpcResponse);
        SetAction((result, _) => BareServer.RunAsync(result.GetValue(grpcPort), result.GetValue(restPort), result.GetValue(jsonResponse)!, result.GetValue(grpcResponse)!));
    }
}
