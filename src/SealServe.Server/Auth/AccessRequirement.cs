namespace SealServe.Server.Auth;

/// <summary>How much a call asks of its caller.</summary>
internal enum AccessLevel
{
    /// <summary>Nothing: health probes, metrics, CORS pre-flight.</summary>
    Open,

    /// <summary>Any valid token: the call touches no model (a path the API refuses as malformed anyway).</summary>
    Authenticated,

    /// <summary>A token that may call every model named.</summary>
    Models,

    /// <summary>An admin token: config reload, and anything no rule declared.</summary>
    Admin,
}

/// <summary>What a call needs from its caller, declared by an <see cref="IRestAccessRule"/> or <see cref="IGrpcAccessRule"/>.</summary>
internal readonly record struct AccessRequirement(AccessLevel Level, IReadOnlyList<string> ModelNames)
{
    public static AccessRequirement Open { get; } = new(AccessLevel.Open, []);

    public static AccessRequirement Authenticated { get; } = new(AccessLevel.Authenticated, []);

    public static AccessRequirement Admin { get; } = new(AccessLevel.Admin, []);

    /// <summary>The call touches these models (empty names, which the API refuses anyway, touch none).</summary>
    public static AccessRequirement Models(IReadOnlyList<string> names)
    {
        var named = names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        return named.Length == 0 ? Authenticated : new(AccessLevel.Models, named);
    }
}
