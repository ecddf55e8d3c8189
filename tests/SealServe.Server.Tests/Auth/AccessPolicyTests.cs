using SealServe.Server.Auth;

namespace SealServe.Server.Tests.Auth;

public sealed class AccessPolicyTests
{
    private static readonly Caller User = new("api_key:app", false, new HashSet<string>(StringComparer.Ordinal) { "m" });
    private static readonly Caller Everything = new("api_key:all", false, new HashSet<string>(StringComparer.Ordinal) { "*" });
    private static readonly Caller Admin = new("api_key:ops", true, new HashSet<string>(StringComparer.Ordinal));

    [Fact]
    public void Decide_OpenCall_AllowsNoCaller() =>
        Assert.Equal((AccessVerdict.Allowed, null), AccessPolicy.Decide(null, AccessRequirement.Open));

    [Fact]
    public void Decide_NoCaller_Unauthenticated() =>
        Assert.Equal((AccessVerdict.Unauthenticated, null), AccessPolicy.Decide(null, AccessRequirement.Models(["m"])));

    [Fact]
    public void Decide_ModelsOfTheKey_Allowed() =>
        Assert.Equal((AccessVerdict.Allowed, null), AccessPolicy.Decide(User, AccessRequirement.Models(["m"])));

    [Fact]
    public void Decide_OneModelOutsideTheKey_ForbiddenNamingIt() =>
        Assert.Equal((AccessVerdict.Forbidden, "n"), AccessPolicy.Decide(User, AccessRequirement.Models(["m", "n"])));

    [Fact]
    public void Decide_Wildcard_AnyModelButNotAdmin()
    {
        Assert.Equal(AccessVerdict.Allowed, AccessPolicy.Decide(Everything, AccessRequirement.Models(["anything"])).Verdict);
        Assert.Equal(AccessVerdict.Forbidden, AccessPolicy.Decide(Everything, AccessRequirement.Admin).Verdict);
    }

    [Fact]
    public void Decide_Admin_MayDoEverything()
    {
        Assert.Equal(AccessVerdict.Allowed, AccessPolicy.Decide(Admin, AccessRequirement.Admin).Verdict);
        Assert.Equal(AccessVerdict.Allowed, AccessPolicy.Decide(Admin, AccessRequirement.Models(["m", "n"])).Verdict);
    }

    [Fact]
    public void Models_EmptyNames_TouchNoModel() =>
        Assert.Equal(AccessRequirement.Authenticated, AccessRequirement.Models([string.Empty]));
}
