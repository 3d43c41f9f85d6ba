using System.Net;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Gates;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>
/// The typed client's approvals and quarantine against the real portal, acting as the gate tests' users (alice writes
/// releases; bob and carol are release managers), and the served JSON through the contracts.
/// </summary>
public sealed class GatesClientTests
{
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
    public async Task GetGatesAsync_WhileAwaitingApproval_ShowsTheOpenStep_ThenTheApproval()
    {
        await using var portal = new GatesPortal();
        using var bobHttp = As(portal, "bob");
        var bob = new PortalRelease.Client.PortalClient(bobHttp);
        var id = await portal.StartAsync(Gated, "1.0.0");
        await portal.WaitForApprovalAsync(id);

        var gates = await bob.GetGatesAsync(id);
        var pending = Assert.Single(await bob.ListPendingApprovalsAsync());

        Assert.True(gates.AwaitingApproval);
        var open = Assert.Single(gates.Approvals);
        Assert.True(open.Open);
        Assert.Equal("release-managers", open.Role);
        Assert.Equal(1, open.Required);
        Assert.Equal(id, pending.ReleaseId);
        Assert.Equal("alice", pending.Author);
        Assert.Equal(["bob", "carol"], pending.Approvers.Order(StringComparer.Ordinal));
        ContractAssert.RoundTrips<ReleaseGatesView>(await bobHttp.GetStringAsync($"/api/releases/{id}/gates"));
        ContractAssert.RoundTrips<List<PendingApprovalView>>(await bobHttp.GetStringAsync("/api/approvals"));

        var approved = await bob.ApproveReleaseAsync(id, "tests green");

        Assert.Equal("approve", approved.Command);
        // 202: the engine decides the step next; wait for it.
        var decided = Assert.Single((await Poll.UntilAsync(
            async () => await bob.GetGatesAsync(id) is { AwaitingApproval: false } g ? g : null, "the approval step decided")).Approvals);
        Assert.False(decided.Open);
        Assert.True(decided.Approved);
        Assert.Equal("tests green", Assert.Single(decided.Approvals).Comment);
        Assert.Empty(await bob.ListPendingApprovalsAsync());
        ContractAssert.RoundTrips<ReleaseGatesView>(await bobHttp.GetStringAsync($"/api/releases/{id}/gates"));
    }

    [Fact]
    public async Task GetGatesAsync_UnknownRelease_ThrowsA404()
    {
        await using var portal = new GatesPortal();
        using var bobHttp = As(portal, "bob");

        var error = await Assert.ThrowsAsync<PortalApiException>(() => new PortalRelease.Client.PortalClient(bobHttp).GetGatesAsync("no-such-release"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal(404, error.Problem?.Status);
    }

    [Fact]
    public async Task RejectReleaseAsync_WithoutAComment_ThrowsA400SayingWhy()
    {
        await using var portal = new GatesPortal();
        using var bobHttp = As(portal, "bob");
        var id = await portal.StartAsync(Gated, "1.0.1");
        await portal.WaitForApprovalAsync(id);

        var error = await Assert.ThrowsAsync<PortalApiException>(() => new PortalRelease.Client.PortalClient(bobHttp).RejectReleaseAsync(id, null));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.False(string.IsNullOrEmpty(error.Problem?.Detail));
        Assert.True((await new PortalRelease.Client.PortalClient(bobHttp).GetGatesAsync(id)).AwaitingApproval);
    }

    [Fact]
    public async Task QuarantineAsync_ThenLiftQuarantineAsync_ListAndHistoryFollow()
    {
        await using var portal = new GatesPortal();
        using var bobHttp = As(portal, "bob");
        var bob = new PortalRelease.Client.PortalClient(bobHttp);

        var marked = await bob.QuarantineAsync(new QuarantineRequest("shop", "1.2.0", "corrupts carts"));
        var twice = await Assert.ThrowsAsync<PortalApiException>(() => bob.QuarantineAsync(new QuarantineRequest("shop", "1.2.0", "again")));
        var listed = await bob.ListQuarantinedAsync();

        Assert.Equal(("shop", "1.2.0", "quarantined", "corrupts carts", "bob"), (marked.Service, marked.Version, marked.Action, marked.Reason, marked.By));
        Assert.Equal(HttpStatusCode.Conflict, twice.Status);
        Assert.Equal(marked, Assert.Single(listed));
        ContractAssert.RoundTrips<List<QuarantineView>>(await bobHttp.GetStringAsync("/api/quarantine"));

        var noReason = await Assert.ThrowsAsync<PortalApiException>(() => bob.LiftQuarantineAsync("shop", "1.2.0", ""));
        var lifted = await bob.LiftQuarantineAsync("shop", "1.2.0", "root cause was the config");

        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        Assert.Contains("reason", noReason.Problem?.Detail, StringComparison.Ordinal);
        Assert.Equal("lifted", lifted.Action);
        Assert.Empty(await bob.ListQuarantinedAsync());
        Assert.Equal([marked, lifted], await bob.ListQuarantineHistoryAsync());
        ContractAssert.RoundTrips<List<QuarantineView>>(await bobHttp.GetStringAsync("/api/quarantine/history"));
    }

    [Fact]
    public async Task QuarantineAsync_BadInput_ThrowsA400NamingEachField()
    {
        await using var portal = new GatesPortal();
        using var bobHttp = As(portal, "bob");

        var error = await Assert.ThrowsAsync<PortalApiException>(() =>
            new PortalRelease.Client.PortalClient(bobHttp).QuarantineAsync(new QuarantineRequest("", "not a version!", "")));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("service:", error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Contains("version:", error.Problem?.Detail, StringComparison.Ordinal);
        Assert.Contains("reason:", error.Problem?.Detail, StringComparison.Ordinal);
    }

    /// <summary>An HTTP client of the portal acting as <paramref name="user"/> (the development identity header).</summary>
    private static HttpClient As(GatesPortal portal, string user)
    {
        var http = portal.Ops.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Portal-User", user);
        return http;
    }
}
