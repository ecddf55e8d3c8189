namespace SealServe.Server.Auth;

/// <summary>gRPC methods declared by name: the health service is open, the model config reload needs an admin token.</summary>
internal sealed class GrpcMethodAccessRule : IGrpcAccessRule
{
    private const string HealthService = "/grpc.health.v1.Health/";
    private const string ReloadConfig = "/tensorflow.serving.ModelService/HandleReloadConfigRequest";

    public AccessRequirement? For(string method, object? request) =>
        method.StartsWith(HealthService, StringComparison.Ordinal) ? AccessRequirement.Open
        : method == ReloadConfig ? AccessRequirement.Admin
        : null;
}
