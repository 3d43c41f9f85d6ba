using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Client;
using PortalRelease.Contracts;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Client;

/// <summary>The typed client's audit log, export, verification and cluster view against the real portal.</summary>
public sealed class AuditClientTests : PortalTest
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Audit rows as the portal writes them, at fixed times (the tests read them back by filter).</summary>
    private async Task SeedAsync()
    {
        var log = Portal.Services.GetRequiredService<AuditLogRepository>();
        foreach (var (minute, actor, action, outcome) in new[] { (0, "alice", "target.create", "ok"), (1, "alfred", "target.update", "refused"), (2, "bob", "template.import", "ok"), (3, "alice", "target.delete", "ok") })
        {
            await log.AppendAsync(new AuditRow(
                DbTime.Format(T0.AddMinutes(minute)), actor, actor, "token:t1", "10.0.0.7", action, "target", "k8s-eu", outcome, """{"reason":"client tests","n":1}"""));
        }
    }

    [Fact]
    public async Task ListAuditAsync_FiltersAndPagesBackNewestFirst()
    {
        await SeedAsync();
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var query = new AuditQuery(Actor: "al*", From: T0, To: T0.AddDays(1));

        var newest = await client.ListAuditAsync(query, limit: 2);
        var older = await client.ListAuditAsync(query, before: newest.Next, limit: 2);
        var refused = await client.ListAuditAsync(new AuditQuery(Outcome: "refused"));

        Assert.Equal(["target.delete", "target.update"], newest.Entries.Select(e => e.Action));
        Assert.Equal(["target.create"], older.Entries.Select(e => e.Action));
        Assert.Null(older.Next);
        Assert.Equal("alfred", Assert.Single(refused.Entries).ActorId);
        Assert.Equal("client tests", refused.Entries[0].Details.GetProperty("reason").GetString());
        ContractAssert.RoundTrips<AuditEntryPageView>(await Portal.Http.GetStringAsync("/api/audit?limit=50"));
    }

    [Fact]
    public async Task ListAuditAsync_BadFilter_ThrowsA400NamingIt()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);

        var error = await Assert.ThrowsAsync<PortalApiException>(() => client.ListAuditAsync(new AuditQuery(Actor: "a*b")));

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("* may only end a prefix", Assert.Single(error.FieldErrors["actor"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAuditAsync_Jsonl_StreamsOneLinePerSelectedEntry_AndABadFormatIsA400()
    {
        await SeedAsync();
        var client = new PortalRelease.Client.PortalClient(Portal.Http);

        string text;
        await using (var stream = await client.ExportAuditAsync("jsonl", new AuditQuery(Action: "target.delete")))
        using (var reader = new StreamReader(stream))
        {
            text = await reader.ReadToEndAsync();
        }
        var error = await Assert.ThrowsAsync<PortalApiException>(() => client.ExportAuditAsync("xml"));

        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("target.delete", line, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("format", error.FieldErrors.Keys);
    }

    [Fact]
    public async Task VerifyAuditAsync_OnAnUntouchedPortal_IsOk()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "5.2.0"));

        var report = await client.VerifyAuditAsync();

        Assert.True(report.Ok, report.FirstProblem);
        Assert.NotEmpty(report.Chains);
        Assert.All(report.Chains, c => Assert.Null(c.FirstBroken));
        ContractAssert.RoundTrips<AuditVerifyView>(await Portal.Http.GetStringAsync("/api/audit/verify"));
    }

    [Fact]
    public async Task GetClusterAsync_OnSqlite_IsOneAliveNodeDrivingTheRelease()
    {
        var client = new PortalRelease.Client.PortalClient(Portal.Http);
        var created = await client.CreateReleaseAsync(new CreateReleaseRequest("manual-gate", "5.3.0"));

        var cluster = await client.GetClusterAsync();

        Assert.False(cluster.Clustered);
        var node = Assert.Single(cluster.Nodes);
        Assert.Equal((NodeState.Alive, true, cluster.ThisNode), (node.State, node.IsThisNode, node.NodeId));
        ContractAssert.RoundTrips<ClusterView>(await Portal.Http.GetStringAsync("/api/cluster/nodes"));
        Assert.NotNull(created.Id);
    }

    [Fact]
    public async Task GetClusterAsync_AsAViewer_ThrowsA403()
    {
        await using var portal = new TestPortal(new Dictionary<string, string>
        {
            ["Portal:Engine:AllowIdentityHeader"] = "true",
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:Everyone"] = "true",
            ["Portal:Access:Grants:0:Role"] = "viewer",
        });
        using var http = portal.Server.CreateClient();
        http.DefaultRequestHeaders.Add("X-Portal-User", "vic");

        var error = await Assert.ThrowsAsync<PortalApiException>(() => new PortalRelease.Client.PortalClient(http).GetClusterAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.Status);
        Assert.Contains("vic may not", error.Problem?.Detail, StringComparison.Ordinal);
    }
}
