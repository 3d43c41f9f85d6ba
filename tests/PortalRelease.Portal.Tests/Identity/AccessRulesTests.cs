using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>Scope patterns match whole names; grant settings are checked at start with the setting named.</summary>
public sealed class AccessRulesTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("payments-*", "payments-api", true)]
    [InlineData("payments-*", "payments-", true)]
    [InlineData("payments-*", "payments", false)]
    [InlineData("payments-*", "xpayments-api", false)]
    [InlineData("*-api", "payments-api", true)]
    [InlineData("*-api", "payments-api-v2", false)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("production", "production", true)]
    [InlineData("production", "Production", false)]
    [InlineData("prod", "production", false)]
    public void ScopePattern_MatchesWholeNames(string pattern, string name, bool matches) =>
        Assert.Equal(matches, ScopePattern.Matches(pattern, name));

    [Theory]
    [InlineData("prod uction")]
    [InlineData("")]
    [InlineData("prod/../x")]
    [InlineData("prod\n")]
    public void ScopePattern_RefusesWhatIsNotAName(string pattern) => Assert.NotNull(ScopePattern.Problem(pattern));

    [Fact]
    public async Task Start_WithBadGrants_FailsNamingEverySetting()
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new OpsPortal(new Dictionary<string, string>
            {
                ["Portal:Access:Grants:0:Role"] = "deployer",
                ["Portal:Access:Grants:1:User"] = "alice",
                ["Portal:Access:Grants:1:Group"] = "sre",
                ["Portal:Access:Grants:1:Role"] = "root",
                ["Portal:Access:Grants:2:Group"] = "s r e",
                ["Portal:Access:Grants:2:Role"] = "viewer",
                ["Portal:Access:Grants:2:Environments:0"] = "prod uction",
                ["Portal:Access:Grants:2:Teams:0"] = "pay/ments",
            });
            await portal.Http.GetAsync("/healthz");
        });

        Assert.Contains("Portal:Access:Grants:0 names nobody", message);
        Assert.Contains("Portal:Access:Grants:1 names more than one subject", message);
        Assert.Contains("Portal:Access:Grants:1:Role: expected one of viewer, deployer, approver, operator, admin, found 'root'", message);
        Assert.Contains("Portal:Access:Grants:2:Group: a group name is", message);
        Assert.Contains("Portal:Access:Grants:2:Environments:0: a pattern is", message);
        Assert.Contains("Portal:Access:Grants:2:Teams:0: a pattern is", message);
    }

    [Fact]
    public async Task Start_WithTheOldPortalRoles_SaysWhereTheyMoved()
    {
        var message = await StartFailure.ValidationOfAsync(async () =>
        {
            await using var portal = new OpsPortal(new Dictionary<string, string> { ["Portal:Roles:release-managers:0"] = "bob" });
            await portal.Http.GetAsync("/healthz");
        });

        Assert.Contains("Portal:Roles moved to Portal:Access:Groups", message);
    }
}
