using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// Grants by team: group payments, deployer for services its team owns in staging and production, starts releases of
/// what the catalog says payments owns and nothing else — not another team's service, not an unregistered one — and
/// follows the catalog when ownership moves.
/// </summary>
public sealed class TeamGrantTests : IAsyncLifetime
{
    private static readonly string[] FinanceOnly = ["finance"];
    private static readonly string[] BadTeams = ["fin ance"];

    private GatesPortal _portal = null!;

    public async Task InitializeAsync() => _portal = await OwnershipPortal.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task TeamGrant_ServiceTheTeamOwns_StartsInProduction()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("payments-api"));
        await _portal.RegisterAsync("payments-api", "payments");

        var created = await _portal.PostAsync("paula", "/api/releases", new { template = "payments-api-prod", version = "1.0.0" });

        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
    }

    [Fact]
    public async Task TeamGrant_ServiceAnotherTeamOwns_Is403AndCreatesNothing()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("ledger"));
        await _portal.RegisterAsync("ledger", "finance");
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.PostAsync("paula", "/api/releases", new { template = "ledger-prod", version = "1.0.0" });

        AuthorizationTests.AssertForbidden(refused, "paula may not start or steer releases of service 'ledger' in production", "owned by teams payments", "team finance owns 'ledger'");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task TeamGrant_UnregisteredService_Is403AndCreatesNothing()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("payments-unlisted"));
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.PostAsync("paula", "/api/releases", new { template = "payments-unlisted-prod", version = "1.0.0" });

        AuthorizationTests.AssertForbidden(refused, "paula may not", "'payments-unlisted' is not in the service catalog");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task TeamGrant_WhenOwnershipMoves_FollowsTheCatalog()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("payments-api"));
        await _portal.RegisterAsync("payments-api", "payments");
        var first = await _portal.PostAsync("paula", "/api/releases", new { template = "payments-api-prod", version = "1.0.0" });
        Assert.Equal(HttpStatusCode.Created, first.Status);

        await _portal.RegisterAsync("payments-api", "finance");
        var afterMove = await _portal.PostAsync("paula", "/api/releases", new { template = "payments-api-prod", version = "1.0.1" });
        var removed = await _portal.SendAsync("dev-user", HttpMethod.Delete, "/api/services/payments-api");
        Assert.Equal(HttpStatusCode.NoContent, removed.Status);
        var afterRemoval = await _portal.PostAsync("paula", "/api/releases", new { template = "payments-api-prod", version = "1.0.2" });

        AuthorizationTests.AssertForbidden(afterMove, "team finance owns 'payments-api'");
        AuthorizationTests.AssertForbidden(afterRemoval, "not in the service catalog");
        Assert.Equal(1, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task GrantByTeam_MadeOverTheApi_CoversThatTeamsServicesOnly()
    {
        await _portal.ImportAsync(OwnershipPortal.Template("ledger"));
        await _portal.ImportAsync(OwnershipPortal.Template("payments-api"));
        await _portal.RegisterAsync("ledger", "finance");
        await _portal.RegisterAsync("payments-api", "payments");

        var bad = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "tess", role = "deployer", teams = BadTeams });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("teams.0", bad.Body, StringComparison.Ordinal);
        var granted = await _portal.PostAsync("dev-user", "/api/access/grants", new { user = "tess", role = "deployer", teams = FinanceOnly });
        Assert.Equal(HttpStatusCode.Created, granted.Status);
        Assert.Equal(["finance"], JsonDocument.Parse(granted.Body).RootElement.GetProperty("teams").EnumerateArray().Select(t => t.GetString()));

        var ledger = await _portal.PostAsync("tess", "/api/releases", new { template = "ledger-prod", version = "1.0.0" });
        var payments = await _portal.PostAsync("tess", "/api/releases", new { template = "payments-api-prod", version = "1.0.0" });

        Assert.Equal(HttpStatusCode.Created, ledger.Status);
        AuthorizationTests.AssertForbidden(payments, "tess may not", "team payments owns 'payments-api'");
        var stored = await _portal.GetAsync("dev-user", "/api/access/grants");
        Assert.Contains(stored.EnumerateArray(), g => g.GetProperty("subject").GetString() == "tess" && g.GetProperty("teams")[0].GetString() == "finance");
    }
}
