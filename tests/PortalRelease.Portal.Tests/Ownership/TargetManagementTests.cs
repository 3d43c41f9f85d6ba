using System.Net;
using PortalRelease.Portal.Tests.Gates;
using static PortalRelease.Portal.Tests.Identity.AuthorizationTests;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// Targets carry an environment and an owning team, and managing one needs admin there: adam is admin for team payments
/// in staging only, so he manages stage-eu and nothing else; a refusal is a 403 and changes nothing.
/// </summary>
public sealed class TargetManagementTests : IAsyncLifetime
{
    private readonly TargetOwnershipPortal _portal = new();

    public Task InitializeAsync() => _portal.InitializeAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private GatesPortal Portal => _portal.Portal;

    [Fact]
    public async Task Create_WithEnvironmentAndTeam_StoresAndShowsThem()
    {
        var target = await Portal.GetAsync("vic", "/api/targets/prod-eu");
        var bare = await Portal.GetAsync("vic", "/api/targets/bare-eu");

        Assert.Equal("production", target.GetProperty("environment").GetString());
        Assert.Equal("payments", target.GetProperty("team").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bare.GetProperty("environment").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, bare.GetProperty("team").ValueKind);
    }

    [Theory]
    [InlineData("paula", "prod-eu", "paula may not manage targets")]
    [InlineData("vic", "stage-eu", "vic may not manage targets")]
    [InlineData("adam", "prod-eu", "targets of team payments in production")]
    public async Task DryRun_ByWhoeverMayNotManageTheTarget_Gets403BeforeTheDriverIsAsked(string user, string target, string said)
    {
        // A dry run reaches the target's remote end with its stored credentials (a database's server, its migration
        // state and SQL come back), as Test connection does: it needs admin for that target, not just a sign-in.
        var refused = await Portal.SendAsync(user, HttpMethod.Get, $"/api/targets/{target}/dry-run?version=1.0.0");

        AssertForbidden(refused, said, "");
    }

    [Fact]
    public async Task DryRun_ByTheTargetsAdmin_ReachesTheDriver()
    {
        var answered = await Portal.SendAsync("adam", HttpMethod.Get, "/api/targets/stage-eu/dry-run?version=1.0.0");

        // The Sandbox driver has no dry run: the answer says so, which only the driver lookup can tell.
        Assert.True(answered.Status == HttpStatusCode.BadRequest, $"{(int)answered.Status} {answered.Body}");
        Assert.Contains("has no dry run", answered.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScopedAdmin_CreatesAndEditsATargetOfTheirTeamInTheirEnvironment()
    {
        var created = await Portal.PostAsync("adam", "/api/targets", TargetOwnershipPortal.Body("stage-us", "staging", "payments"));
        var edited = await Portal.SendAsync("adam", HttpMethod.Put, "/api/targets/stage-eu", new { settings = TargetOwnershipPortal.SandboxSettings });

        Assert.True(created.Status == HttpStatusCode.Created, $"{(int)created.Status} {created.Body}");
        Assert.True(edited.Status == HttpStatusCode.OK, $"{(int)edited.Status} {edited.Body}");
        Assert.Equal("staging", (await Portal.GetAsync("adam", "/api/targets/stage-eu")).GetProperty("environment").GetString());
    }

    [Theory]
    [InlineData("staging", "checkout", "targets of team checkout in staging")]
    [InlineData("production", "payments", "targets of team payments in production")]
    [InlineData(null, "payments", "targets of team payments")]
    [InlineData("staging", null, "targets of every team in staging")]
    public async Task ScopedAdmin_CreatingATargetElsewhere_Gets403_AndNothingIsSaved(string? environment, string? team, string where)
    {
        var refused = await Portal.PostAsync("adam", "/api/targets", TargetOwnershipPortal.Body("sneaky", environment, team));

        AssertForbidden(refused, "adam may not manage targets", where);
        Assert.DoesNotContain("sneaky", await _portal.TargetNamesAsync());
    }

    [Theory]
    [InlineData("production", null)]
    [InlineData(null, "checkout")]
    [InlineData("", null)]
    public async Task ScopedAdmin_MovingTheirTargetToAnotherEnvironmentOrTeam_Gets403_AndTheTargetIsUnchanged(string? environment, string? team)
    {
        var body = new Dictionary<string, object?> { ["settings"] = TargetOwnershipPortal.SandboxSettings };
        if (environment is not null)
        {
            body["environment"] = environment;
        }
        if (team is not null)
        {
            body["team"] = team;
        }

        var refused = await Portal.SendAsync("adam", HttpMethod.Put, "/api/targets/stage-eu", body);

        AssertForbidden(refused, "adam may not manage targets");
        var target = await Portal.GetAsync("dev-user", "/api/targets/stage-eu");
        Assert.Equal("staging", target.GetProperty("environment").GetString());
        Assert.Equal("payments", target.GetProperty("team").GetString());
    }

    [Theory]
    [InlineData("checkout-eu")]
    [InlineData("prod-eu")]
    [InlineData("bare-eu")]
    [InlineData("sandbox-eu")]
    public async Task ScopedAdmin_EditingTestingOrDeletingATargetOutsideTheirScope_Gets403_AndItStays(string name)
    {
        var edit = await Portal.SendAsync("adam", HttpMethod.Put, $"/api/targets/{name}", new { settings = TargetOwnershipPortal.SandboxSettings });
        var test = await Portal.PostAsync("adam", $"/api/targets/{name}/test");
        var delete = await Portal.SendAsync("adam", HttpMethod.Delete, $"/api/targets/{name}");

        AssertForbidden(edit, "adam may not manage targets");
        AssertForbidden(test, "adam may not manage targets");
        AssertForbidden(delete, "adam may not manage targets");
        Assert.Contains(name, await _portal.TargetNamesAsync());
    }

    [Theory]
    [InlineData("prod uction", null, "/environment")]
    [InlineData("-staging", null, "/environment")]
    [InlineData("staging\n", null, "/environment")]
    [InlineData(null, "pay ments", "/team")]
    [InlineData(null, "*", "/team")]
    public async Task Create_WithABadEnvironmentOrTeam_Is400NamingTheField_AndNothingIsSaved(string? environment, string? team, string path)
    {
        var refused = await Portal.PostAsync("dev-user", "/api/targets", TargetOwnershipPortal.Body("badly-labelled", environment, team));

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains(path, refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("badly-labelled", await _portal.TargetNamesAsync());
    }

    [Fact]
    public async Task Create_WithAnOverlongEnvironment_Is400WithAShortExcerpt()
    {
        var refused = await Portal.PostAsync("dev-user", "/api/targets", TargetOwnershipPortal.Body("long-labelled", new string('e', 5000), null));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Contains("/environment", refused.Detail, StringComparison.Ordinal);
        Assert.True(refused.Body.Length < 2000, $"the answer echoes the input: {refused.Body.Length} characters");
    }

    [Fact]
    public async Task Audit_CreateAndRelabel_RecordTheEnvironmentAndTeam()
    {
        var moved = await Portal.SendAsync("dev-user", HttpMethod.Put, "/api/targets/checkout-eu",
            new { settings = TargetOwnershipPortal.SandboxSettings, environment = "production", team = "" });
        Assert.Equal(HttpStatusCode.OK, moved.Status);

        var entries = (await Portal.GetAsync("dev-user", "/api/audit?action=target&resourceKind=target&resourceId=checkout-eu")).GetProperty("entries").EnumerateArray().ToList();

        var create = entries.Single(e => e.GetProperty("action").GetString() == "target.create").GetProperty("details");
        var update = entries.Single(e => e.GetProperty("action").GetString() == "target.update").GetProperty("details");
        Assert.Equal("staging", create.GetProperty("environment").GetString());
        Assert.Equal("checkout", create.GetProperty("team").GetString());
        Assert.Equal("staging", update.GetProperty("environment").GetProperty("from").GetString());
        Assert.Equal("production", update.GetProperty("environment").GetProperty("to").GetString());
        Assert.Equal("checkout", update.GetProperty("team").GetProperty("from").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, update.GetProperty("team").GetProperty("to").ValueKind);
    }

    [Fact]
    public async Task Seeder_SandboxTargets_AreInEnvironmentSandbox()
    {
        foreach (var name in PortalRelease.Portal.Templates.SampleSeeder.SandboxTargets)
        {
            Assert.Equal("sandbox", (await Portal.GetAsync("vic", $"/api/targets/{name}")).GetProperty("environment").GetString());
        }
    }
}
