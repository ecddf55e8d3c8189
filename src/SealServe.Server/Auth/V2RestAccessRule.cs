using Microsoft.AspNetCore.Http;
using SealServe.Core.Errors;
using SealServe.Server.Rest;

namespace SealServe.Server.Auth;

/// <summary>
/// The Open Inference Protocol's REST paths (<c>/v2/...</c>) touch the model their path names, parsed exactly as the API
/// parses it; server metadata and paths the API refuses touch none. The v2 health probes are operators' endpoints, open
/// through <see cref="OperationsAccessRule"/>, which is asked first.
/// </summary>
internal sealed class V2RestAccessRule : IRestAccessRule
{
    public AccessRequirement? For(HttpContext context)
    {
        var path = RestApi.RawPath(context);
        if (!V2Route.Handles(path))
        {
            return null;
        }

        try
        {
            var route = V2Route.Parse(context.Request.Method, path);
            return route.Action == V2Action.ServerMetadata ? AccessRequirement.Authenticated : AccessRequirement.Models([route.ModelName]);
        }
        catch (ServingException)
        {
            return AccessRequirement.Authenticated;
        }
    }
}
