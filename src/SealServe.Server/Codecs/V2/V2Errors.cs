using SealServe.Core.Errors;

namespace SealServe.Server.Codecs.V2;

/// <summary>The protocol's request errors: INVALID_ARGUMENT (400) with a message that names the tensor at fault.</summary>
internal static class V2Errors
{
    public static ServingException Tensor(string name, string why) => ServingException.InvalidArgument($"tensor '{name}': {why}");

    public static ServingException Request(string why) => ServingException.InvalidArgument($"inference request: {why}");
}
