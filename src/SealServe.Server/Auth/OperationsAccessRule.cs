using Microsoft.AspNetCore.Http;
using SealServe.Server.Monitoring;

namespace SealServe.Server.Auth;

/// <summary>Health probes and the metrics page stay open, as do CORS pre-flights (browsers send them without credentials).</summary>
internal sealed class OperationsAccessRule(OperationsEndpoints operations) : IRestAccessRule
{
    public AccessRequirement? For(HttpContext context) =>
        operations.IsOperational(context.Request.Path) || HttpMethods.IsOptions(context.Request.Method) ? AccessRequirement.Open : null;
}
