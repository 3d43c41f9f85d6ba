using System.Net;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class QuarantineTests
{
    private const string Plain = """
        name: shop
        service: shop
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 50
        """;

    private const string Gated = """
        name: shop
        service: shop
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 50
              - approval: { role: release-managers }
        """;

    [Fact]
    public async Task Quarantine_BlocksCreation_UntilLifted()
    {
        await using var portal = new GatesPortal();
        await portal.Client.ImportTemplateAsync(Plain);

        var marked = await portal.PostAsync("bob", "/api/quarantine", new { service = "shop", version = "1.2.0", reason = "corrupts carts" });
        Assert.Equal(HttpStatusCode.Created, marked.Status);
        var twice = await portal.PostAsync("bob", "/api/quarantine", new { service = "shop", version = "1.2.0", reason = "again" });
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        var blocked = await portal.PostAsync("alice", "/api/releases", new { template = "shop", version = "1.2.0" });

        Assert.Equal(HttpStatusCode.BadRequest, blocked.Status);
        Assert.Contains("Version 1.2.0 of service 'shop' is quarantined (by bob: corrupts carts)", blocked.Body);
        var listed = await portal.GetAsync("alice", "/api/quarantine");
        Assert.Equal("1.2.0", Assert.Single(listed.EnumerateArray()).GetProperty("version").GetString());

        var noReason = await portal.PostAsync("bob", "/api/quarantine/shop/1.2.0/lift", new { reason = "" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        var lifted = await portal.PostAsync("bob", "/api/quarantine/shop/1.2.0/lift", new { reason = "root cause was the config" });
        Assert.Equal(HttpStatusCode.Created, lifted.Status);
        Assert.Empty((await portal.GetAsync("alice", "/api/quarantine")).EnumerateArray());
        var history = await portal.GetAsync("alice", "/api/quarantine/history");
        Assert.Equal(["quarantined", "lifted"], history.EnumerateArray().Select(h => h.GetProperty("action").GetString()));
        var created = await portal.PostAsync("alice", "/api/releases", new { template = "shop", version = "1.2.0" });
        Assert.Equal(HttpStatusCode.Created, created.Status);
    }

    [Fact]
    public async Task Quarantine_BadInput_IsRefusedAndStoresNothing()
    {
        await using var portal = new GatesPortal();

        var missing = await portal.PostAsync("bob", "/api/quarantine", new { service = "", version = "not a version!", reason = "" });
        var notMarked = await portal.PostAsync("bob", "/api/quarantine/shop/9.9.9/lift", new { reason = "fine" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("service:", missing.Detail);
        Assert.Contains("version:", missing.Detail);
        Assert.Contains("reason:", missing.Detail);
        Assert.Equal(HttpStatusCode.NotFound, notMarked.Status);
        Assert.Empty((await portal.GetAsync("bob", "/api/quarantine/history")).EnumerateArray());
    }

    [Fact]
    public async Task Rollback_SkipsAQuarantinedPreviousVersion()
    {
        await using var portal = new GatesPortal();
        var first = await portal.StartAsync(Plain, "1.0.0");
        await portal.Client.WaitForStateAsync(first, "Promoted");
        var second = await portal.StartAsync(Plain, "1.1.0");
        await portal.Client.WaitForStateAsync(second, "Promoted");
        Assert.Equal(HttpStatusCode.Created, (await portal.PostAsync("bob", "/api/quarantine", new { service = "shop", version = "1.1.0", reason = "leaks memory" })).Status);

        var third = await portal.StartAsync(Gated, "1.2.0");
        await portal.WaitForApprovalAsync(third);
        Assert.Equal(HttpStatusCode.Accepted, (await portal.PostAsync("bob", $"/api/releases/{third}/reject", new { comment = "no" })).Status);

        await portal.Client.WaitForStateAsync(third, "RolledBack");
        var events = await portal.Client.GetEventsAsync(third);
        Assert.Equal("1.1.0", events.First(e => e.Type == "StateChanged" && e.Str("to") == "Validated").Data.GetProperty("previous").GetProperty("sandbox-eu").GetString());
        var rollback = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.Equal("1.0.0", rollback.Str("toVersion"));
        Assert.Contains(events, e => e.Type == "EngineWarning" && e.Str("message")!.Contains("skips 1.1.0"));
    }
}
