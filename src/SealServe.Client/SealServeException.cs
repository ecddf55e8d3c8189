using System.Net;

namespace SealServe.Client;

/// <summary>A REST call the server refused: its HTTP status and the <c>error</c> text of its JSON answer.</summary>
public sealed class SealServeException : Exception
{
    /// <summary>Creates the exception for an answer.</summary>
    public SealServeException(HttpStatusCode status, string error)
        : base($"{(int)status} {status}: {error}")
    {
        Status = status;
        Error = error;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>What the server said was wrong.</summary>
    public string Error { get; }
}
