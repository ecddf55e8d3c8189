using Microsoft.AspNetCore.Http;
using SealServe.Core.Errors;
using SealServe.Server.Rest;

namespace SealServe.Server.Auth;

/// <summary>
/// TF Serving's REST API (<c>/v1/models/&lt;name&gt;...</c>) touches the model its path names, parsed exactly as the API
/// parses it (so no encoding can name one model to the check and another to the handler). A path the API refuses as
/// malformed touches no model.
/// </summary>
internal sealed class TfServingRestAccessRule : IRestAccessRule
{
    public AccessRequirement? For(HttpContext context)
    {
        if (!RestApi.IsTfServingPath(context.Request.Path))
        {
            return null;
        }

        try
        {
            return AccessRequirement.Models([RestRoute.Parse(context.Request.Method, RestApi.RawPath(context)).ModelName]);
        }
        catch (ServingException)
        {
            return AccessRequirement.Authenticated;
        }
    }
}
