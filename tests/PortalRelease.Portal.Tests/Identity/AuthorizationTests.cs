using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>
/// Roles × scopes over the API: payments deploys payments-* to staging and production, sre operates production, release
/// managers approve, everyone else views, and dev-user (who imports templates) is admin. A refusal is a 403
/// problem+json saying what was needed where, and changes nothing.
/// </summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    /// <summary>A payments-api release through staging (sandbox-eu), then production (sandbox-us); it rests in a ten-minute pause in staging.</summary>
    internal const string PaymentsBothStages = """
        name: payments-both
        service: payments-api
        stages:
          - { name: stage, environment: staging, targets: [sandbox-eu], steps: [{ pause: { duration: 10m } }] }
          - { name: prod, environment: production, targets: [sandbox-us], steps: [{ setWeight: 50 }] }
        """;

    private const string PaymentsProduction = """
        name: payments-prod
        service: payments-api
        stages:
          - { name: prod, environment: production, targets: [sandbox-us], steps: [{ pause: { duration: 10m } }] }
        """;

    private const string Checkout = """
        name: checkout-prod
        service: checkout
        stages:
          - { name: prod, environment: production, targets: [sandbox-us], steps: [{ pause: { duration: 10m } }] }
        """;

    public static readonly Dictionary<string, string> Grants = new()
    {
        ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
        ["Portal:Access:Grants:0:User"] = "dev-user",
        ["Portal:Access:Grants:0:Role"] = "admin",
        ["Portal:Access:Grants:1:Group"] = "payments",
        ["Portal:Access:Grants:1:Role"] = "deployer",
        ["Portal:Access:Grants:1:Services:0"] = "payments-*",
        ["Portal:Access:Grants:1:Environments:0"] = "staging",
        ["Portal:Access:Grants:1:Environments:1"] = "production",
        ["Portal:Access:Grants:2:Group"] = "sre",
        ["Portal:Access:Grants:2:Role"] = "operator",
        ["Portal:Access:Grants:2:Environments:0"] = "production",
        ["Portal:Access:Grants:3:Everyone"] = "true",
        ["Portal:Access:Grants:3:Role"] = "viewer",
        ["Portal:Access:Grants:4:Group"] = "release-managers",
        ["Portal:Access:Grants:4:Role"] = "approver",
        ["Portal:Access:Groups:payments:0"] = "paula",
        ["Portal:Access:Groups:sre:0"] = "sam",
    };

    private static readonly string[] BadEnvironments = ["prod uction"];
    private static readonly string[] CheckoutOnly = ["checkout"];

    private GatesPortal _portal = null!;

    public async Task InitializeAsync()
    {
        // Where the templates above deploy: staging on sandbox-eu, production on sandbox-us.
        _portal = new GatesPortal(Grants);
        await _portal.LabelAsync("sandbox-eu", "staging");
        await _portal.LabelAsync("sandbox-us", "production");
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Deployer_InTheirServiceAndEnvironments_StartsAndPausesTheirOwnRelease()
    {
        var id = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");

        var paused = await _portal.PostAsync("paula", $"/api/releases/{id}/pause", new { reason = "checking" });

        Assert.Equal(HttpStatusCode.Accepted, paused.Status);
    }

    [Fact]
    public async Task Viewer_StartingARelease_Gets403SayingWhatIsNeeded_AndNothingIsCreated()
    {
        await _portal.StartAsync(PaymentsProduction, "1.0.0", author: "paula");
        var before = await ReleaseCountAsync();

        var refused = await _portal.PostAsync("vic", "/api/releases", new { template = "payments-prod", version = "1.0.1" });

        AssertForbidden(refused, "vic may not start or steer releases anywhere", "deployer");
        Assert.Equal(before, await ReleaseCountAsync());
    }

    [Fact]
    public async Task Deployer_OutsideTheirServices_Gets403_AndNothingIsCreated()
    {
        await _portal.StartAsync(Checkout, "1.0.0", author: "dev-user");
        var before = await ReleaseCountAsync();

        var refused = await _portal.PostAsync("paula", "/api/releases", new { template = "checkout-prod", version = "1.0.1" });

        AssertForbidden(refused, "service 'checkout' in production", "paula has");
        Assert.Equal(before, await ReleaseCountAsync());
    }

    [Fact]
    public async Task SomeoneElsesRelease_NeedsOperatorInEveryEnvironmentItTouches()
    {
        var both = await _portal.StartAsync(PaymentsBothStages, "1.0.0", author: "paula");
        var production = await _portal.StartAsync(PaymentsProduction, "1.0.0", author: "paula");

        var viewer = await _portal.PostAsync("vic", $"/api/releases/{production}/pause", new { reason = "x" });
        var otherDeployer = await _portal.PostAsync("pete", $"/api/releases/{production}/abort", new { reason = "x" });
        var sreOutsideProduction = await _portal.PostAsync("sam", $"/api/releases/{both}/pause", new { reason = "x" });
        var sreInProduction = await _portal.PostAsync("sam", $"/api/releases/{production}/pause", new { reason = "incident" });

        AssertForbidden(viewer, "vic may not pause, resume, abort or roll back others' releases of service 'payments-api' in production", "operator");
        AssertForbidden(otherDeployer, "pete may not pause, resume, abort or roll back others' releases of service 'payments-api' in production", "operator");
        AssertForbidden(sreOutsideProduction, "sam may not pause, resume, abort or roll back others' releases", "staging");
        Assert.Equal(HttpStatusCode.Accepted, sreInProduction.Status);
        var events = await _portal.Client.GetEventsAsync(both);
        Assert.DoesNotContain(events, e => e.Type == "Paused");
    }

    [Fact]
    public async Task TargetsTemplatesAndGrants_AreForAdminsOnly()
    {
        var target = await _portal.PostAsync("paula", "/api/targets", new { name = "sneaky", kind = "sandbox", settings = new { } });
        var grants = await _portal.SendAsync("paula", HttpMethod.Get, "/api/access/grants");
        var grant = await _portal.PostAsync("paula", "/api/access/grants", new { user = "paula", role = "admin" });
        var test = await _portal.PostAsync("sam", "/api/targets/sandbox-eu/test");

        AssertForbidden(target, "paula may not manage targets", "admin");
        AssertForbidden(grants, "paula may not manage access", "admin");
        AssertForbidden(grant, "paula may not manage access", "admin");
        AssertForbidden(test, "sam may not manage targets", "admin");
        var names = (await _portal.GetAsync("dev-user", "/api/targets")).EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("sneaky", names);
        var all = await _portal.GetAsync("dev-user", "/api/access/grants");
        Assert.DoesNotContain(all.EnumerateArray(), g => g.GetProperty("subject").GetString() == "paula");
    }

    [Fact]
    public async Task AdminGrant_LetsAUserDeploy_AndIsAudited_AndBadGrantsAre400()
    {
        await _portal.StartAsync(Checkout, "1.0.0", author: "dev-user");
        AssertForbidden(await _portal.PostAsync("vic", "/api/releases", new { template = "checkout-prod", version = "2.0.0" }), "vic may not");

        var badRole = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "vic", role = "root" });
        var badPattern = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "vic", role = "deployer", environments = BadEnvironments });
        var twoSubjects = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "vic", group = "sre", role = "deployer" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.Status);
        Assert.Contains("role", badRole.Body);
        Assert.Contains("expected one of viewer, deployer, approver, operator, admin", badRole.Body);
        Assert.Equal(HttpStatusCode.BadRequest, badPattern.Status);
        Assert.Contains("environments.0", badPattern.Body);
        Assert.Equal(HttpStatusCode.BadRequest, twoSubjects.Status);

        var granted = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "vic", role = "deployer", services = CheckoutOnly });
        Assert.Equal(HttpStatusCode.Created, granted.Status);
        var created = await _portal.PostAsync("vic", "/api/releases", new { template = "checkout-prod", version = "2.0.0" });
        Assert.Equal(HttpStatusCode.Created, created.Status);

        var grantId = JsonDocument.Parse(granted.Body).RootElement.GetProperty("id").GetString();
        var audit = await _portal.GetAsync("dev-user", "/api/audit?action=access.grant");
        Assert.Contains(grantId!, audit.GetRawText());
        var removed = await _portal.SendAsync("dev-user", HttpMethod.Delete, $"/api/access/grants/{grantId}");
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        AssertForbidden(await _portal.PostAsync("vic", "/api/releases", new { template = "checkout-prod", version = "2.0.1" }), "vic may not");
        var settingsGrant = await _portal.SendAsync("dev-user", HttpMethod.Delete, "/api/access/grants/settings-0");
        Assert.Equal(HttpStatusCode.Conflict, settingsGrant.Status);
        Assert.Contains("appsettings.json", settingsGrant.Detail);
    }

    [Fact]
    public async Task Me_ListsTheCallersGroupsAndGrants()
    {
        var me = await _portal.GetAsync("paula", "/api/access/me");

        Assert.Equal("paula", me.GetProperty("user").GetString());
        Assert.Contains("payments", me.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var roles = me.GetProperty("grants").EnumerateArray().Select(g => g.GetProperty("role").GetString()).Order().ToList();
        Assert.Equal(["deployer", "viewer"], roles);
    }

    private async Task<int> ReleaseCountAsync() => (await _portal.GetAsync("dev-user", "/api/releases")).GetArrayLength();

    internal static void AssertForbidden(GateResponse response, params string[] detailParts)
    {
        Assert.True(response.Status == HttpStatusCode.Forbidden, $"expected 403, got {(int)response.Status}: {response.Body}");
        foreach (var part in detailParts)
        {
            Assert.Contains(part, response.Detail, StringComparison.Ordinal);
        }
    }
}
