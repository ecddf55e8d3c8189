namespace SealServe.Server.Auth;

/// <summary>The outcome of an access check.</summary>
internal enum AccessVerdict
{
    Allowed,

    /// <summary>No token, or one no rule knows: 401 / UNAUTHENTICATED.</summary>
    Unauthenticated,

    /// <summary>A valid token without the right: 403 / PERMISSION_DENIED, the same whether the model exists or not.</summary>
    Forbidden,
}

/// <summary>Decides whether a caller may make a call: a pure function of who it is and what the call needs.</summary>
internal static class AccessPolicy
{
    /// <returns>The verdict, and for a refused model call the first model the caller may not call.</returns>
    public static (AccessVerdict Verdict, string? Model) Decide(Caller? caller, AccessRequirement requirement)
    {
        if (requirement.Level == AccessLevel.Open)
        {
            return (AccessVerdict.Allowed, null);
        }

        if (caller is null)
        {
            return (AccessVerdict.Unauthenticated, null);
        }

        return requirement.Level switch
        {
            AccessLevel.Authenticated => (AccessVerdict.Allowed, null),
            AccessLevel.Admin => (caller.Admin ? AccessVerdict.Allowed : AccessVerdict.Forbidden, null),
            _ => requirement.ModelNames.FirstOrDefault(m => !caller.MayCall(m)) is { } refused ? (AccessVerdict.Forbidden, refused) : (AccessVerdict.Allowed, null),
        };
    }
}
