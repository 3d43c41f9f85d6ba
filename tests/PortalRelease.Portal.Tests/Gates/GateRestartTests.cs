using System.Net;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class GateRestartTests
{
    private const string Template = """
        name: durable-gate
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - approval: { role: release-managers, approvers: 2, timeout: 1h, onTimeout: reject }
              - setWeight: 10
        """;

    [Fact]
    public async Task PendingApproval_SurvivesARestart_WithItsDeadlineAndApprovals()
    {
        using var home = new TempPortalHome();
        string id;
        DateTimeOffset deadline;
        await using (var first = new GatesPortal(home: home))
        {
            id = await first.StartAsync(Template, "1.0.0");
            var events = await first.WaitForApprovalAsync(id);
            deadline = events.Single(e => e.Type == "ApprovalRequested").Data.GetProperty("deadline").GetDateTimeOffset();
            Assert.Equal(HttpStatusCode.Accepted, (await first.PostAsync("bob", $"/api/releases/{id}/approve", new { comment = "before restart" })).Status);
        }

        await using var second = new GatesPortal(home: home);
        var gates = await second.GetAsync("carol", $"/api/releases/{id}/gates");
        Assert.True(gates.GetProperty("awaitingApproval").GetBoolean());
        var approval = gates.GetProperty("approvals")[0];
        Assert.Equal(deadline, approval.GetProperty("deadline").GetDateTimeOffset());
        Assert.Equal("bob", approval.GetProperty("approvals")[0].GetProperty("by").GetString());
        var waiting = await second.GetAsync("carol", "/api/approvals");
        Assert.Equal(id, waiting[0].GetProperty("releaseId").GetString());

        Assert.Equal(HttpStatusCode.Accepted, (await second.PostAsync("carol", $"/api/releases/{id}/approve")).Status);

        await second.Client.WaitForStateAsync(id, "Promoted");
        var all = await second.Client.GetEventsAsync(id);
        Assert.Single(all, e => e.Type == "ApprovalRequested");
        Assert.Equal(["bob", "carol"], all.Where(e => e.Type == "ApprovalGiven").Select(e => e.Actor));
    }
}
