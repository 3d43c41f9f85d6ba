using System.Net;
using System.Text.Json;
using PortalRelease.Portal.Tests.Gates;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// A release's team comes from the service catalog, not from the caller: the owner's team for a registered service (a
/// different one is a 400 naming <c>metadata.team</c> and the owner); for an unregistered service only a team the
/// caller belongs to (or any, for an admin); the service is the release's own.
/// </summary>
public sealed class ReleaseTeamTests : IAsyncLifetime
{
    private GatesPortal _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await OwnershipPortal.StartAsync();
        await _portal.ImportAsync(OwnershipPortal.Template("payments-api"));
        await _portal.ImportAsync(OwnershipPortal.Template("unlisted"));
        await _portal.RegisterAsync("payments-api", "payments");
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task CreateRelease_RegisteredServiceWithoutTeam_RecordsTheOwnersTeam()
    {
        var created = await _portal.PostAsync("pete", "/api/releases", new { template = "payments-api-prod", version = "1.0.0" });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("payments", await TeamOfAsync(created));
    }

    [Fact]
    public async Task CreateRelease_RegisteredServiceWithAnotherTeam_Is400NamingTheOwnerAndCreatesNothing()
    {
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.PostAsync("pete", "/api/releases", new { template = "payments-api-prod", version = "1.0.0", metadata = new { team = "platform" } });

        AssertBadRequest(refused, "metadata.team", "owned by team 'payments'");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task CreateRelease_RegisteredServiceWithTheOwnersTeam_IsAccepted()
    {
        var created = await _portal.PostAsync("pete", "/api/releases", new { template = "payments-api-prod", version = "1.0.0", metadata = new { team = "payments" } });

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("payments", await TeamOfAsync(created));
    }

    [Fact]
    public async Task CreateRelease_UnregisteredServiceWithATeamTheCallerIsNotIn_Is400AndCreatesNothing()
    {
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.PostAsync("pete", "/api/releases", new { template = "unlisted-prod", version = "1.0.0", metadata = new { team = "payments" } });

        AssertBadRequest(refused, "metadata.team", "pete is not a member of group 'payments'");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task CreateRelease_UnregisteredServiceWithTheCallersOwnGroup_RecordsIt()
    {
        var mine = await _portal.PostAsync("pete", "/api/releases", new { template = "unlisted-prod", version = "1.0.0", metadata = new { team = "platform" } });
        var none = await _portal.PostAsync("pete", "/api/releases", new { template = "unlisted-prod", version = "1.0.1" });
        var byAdmin = await _portal.PostAsync("dev-user", "/api/releases", new { template = "unlisted-prod", version = "1.0.2", metadata = new { team = "payments" } });

        Assert.Equal("platform", await TeamOfAsync(mine));
        Assert.Equal("unassigned", await TeamOfAsync(none));
        Assert.Equal("payments", await TeamOfAsync(byAdmin));
    }

    [Fact]
    public async Task CreateRelease_NamingAnotherService_Is400AndCreatesNothing()
    {
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.PostAsync("pete", "/api/releases", new { template = "unlisted-prod", version = "1.0.0", metadata = new { service = "payments-api" } });

        AssertBadRequest(refused, "metadata.service", "ships service 'unlisted'");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    private async Task<string?> TeamOfAsync(GateResponse created)
    {
        Assert.True(created.Status == HttpStatusCode.Created, created.Body);
        var id = JsonDocument.Parse(created.Body).RootElement.GetProperty("id").GetString()!;
        var first = (await _portal.Client.GetEventsAsync(id))[0];
        Assert.Equal("ReleaseCreated", first.Type);
        return first.Data.GetProperty("metadata").GetProperty("team").GetString();
    }

    private static void AssertBadRequest(GateResponse response, string field, string message)
    {
        Assert.True(response.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.Status}: {response.Body}");
        var errors = JsonDocument.Parse(response.Body).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), response.Body);
        Assert.Contains(message, messages[0].GetString(), StringComparison.Ordinal);
    }
}
