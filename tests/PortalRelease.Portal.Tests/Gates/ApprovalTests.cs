using System.Text.Json;
using System.Net;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Gates;

public sealed class ApprovalTests : IAsyncLifetime
{
    private const string TwoApprovers = """
        name: gated-two
        service: checkout
        stages:
          - name: production
            approval: { role: release-managers, approvers: 2 }
            targets: [sandbox-eu]
            steps:
              - setWeight: 50
        """;

    private const string ApproveAfterCanary = """
        name: gated-canary
        service: checkout
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - setWeight: 20
              - approval: { role: release-managers }
        """;

    private GatesPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new GatesPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private static string Timed(string outcome) => $$"""
        name: gated-{{outcome}}
        stages:
          - name: production
            targets: [sandbox-eu]
            steps:
              - approval: { role: release-managers, approvers: 2, timeout: 1s, onTimeout: {{outcome}} }
              - setWeight: 10
        """;

    [Fact]
    public async Task Approve_NeedsTwoDistinctApprovers_ThenPromotes()
    {
        var id = await _portal.StartAsync(TwoApprovers, "1.0.0");
        await _portal.WaitForApprovalAsync(id);
        var gates = await _portal.GetAsync("bob", $"/api/releases/{id}/gates");
        Assert.True(gates.GetProperty("awaitingApproval").GetBoolean());

        var first = await _portal.PostAsync("bob", $"/api/releases/{id}/approve", new { comment = "tests green" });
        var again = await _portal.PostAsync("bob", $"/api/releases/{id}/approve", new { comment = "really" });

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("already approved", again.Detail);
        Assert.Equal("Deploying", (await _portal.Client.GetReleaseAsync(id)).State);
        Assert.Empty(await Waiting("bob"));
        Assert.Single(await Waiting("carol"));

        var second = await _portal.PostAsync("carol", $"/api/releases/{id}/approve");
        Assert.Equal(HttpStatusCode.Accepted, second.Status);
        await _portal.Client.WaitForStateAsync(id, "Promoted");
        var events = await _portal.Client.GetEventsAsync(id);
        Assert.Equal(["bob", "carol"], events.Where(e => e.Type == "ApprovalGiven").Select(e => e.Actor));
        Assert.Equal("tests green", events.First(e => e.Type == "ApprovalGiven").Str("comment"));
        Assert.Equal("alice", events.First(e => e.Type == "ReleaseCreated").Actor);
        var decided = Assert.Single(events, e => e.Type == "ApprovalDecided");
        Assert.Equal("Approved by bob, carol", decided.Str("reason"));
        Assert.True(decided.Seq < events.First(e => e.Type == "ActionIntended").Seq);
        JournalChecks.SeqsAreContiguous(events);
        // Each 202's lastSeq is the last number before that answer's own event, as for every command: a client that
        // follows the release from it sees the answer.
        var answers = events.Where(e => e.Type == "ApprovalGiven").Select(e => e.Seq - 1).ToList();
        Assert.Equal(answers, new[] { first, second }.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("lastSeq").GetInt64()));
    }

    [Fact]
    public async Task Approve_ByAuthorOrOutsider_IsForbiddenAndChangesNothing()
    {
        var id = await _portal.StartAsync(TwoApprovers, "1.0.1", author: "bob");
        await _portal.WaitForApprovalAsync(id);
        var before = await _portal.Client.GetEventsAsync(id);

        var author = await _portal.PostAsync("bob", $"/api/releases/{id}/approve", new { comment = "mine" });
        var outsider = await _portal.PostAsync("dave", $"/api/releases/{id}/approve");
        var authorRejects = await _portal.PostAsync("bob", $"/api/releases/{id}/reject", new { comment = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, author.Status);
        Assert.Contains("bob started release", author.Detail);
        Assert.Contains("cannot approve", author.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.Status);
        Assert.Contains("dave is not in group 'release-managers'", outsider.Detail);
        Assert.Contains("bob, carol", outsider.Detail);
        Assert.Equal(HttpStatusCode.Forbidden, authorRejects.Status);
        Assert.Empty(await Waiting("bob"));
        Assert.Empty(await Waiting("dave"));
        var after = await _portal.Client.GetEventsAsync(id);
        Assert.DoesNotContain(after, e => e.Type is "ApprovalGiven" or "ApprovalRejected");
        Assert.Equal(before.Count(e => e.Type != "MetricsSampled"), after.Count(e => e.Type != "MetricsSampled"));
    }

    [Fact]
    public async Task BadRequests_GetClearProblems()
    {
        var id = await _portal.StartAsync(ApproveAfterCanary, "2.0.0");
        await _portal.WaitForApprovalAsync(id);

        var noComment = await _portal.PostAsync("bob", $"/api/releases/{id}/reject", new { comment = " " });
        var unknown = await _portal.PostAsync("bob", "/api/releases/nope/approve");
        var badJson = await _portal.PostAsync("bob", $"/api/releases/{id}/approve", new { comment = "x", extra = 1 });
        var notWaiting = await _portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "window", reason = "now" });
        var badGate = await _portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "approval", reason = "now" });

        Assert.Equal(HttpStatusCode.BadRequest, noComment.Status);
        Assert.Contains("comment", noComment.Detail);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("no release 'nope'", unknown.Detail);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.Status);
        Assert.Equal(HttpStatusCode.Conflict, notWaiting.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badGate.Status);
        Assert.Contains("gate: expected one of window", badGate.Detail);
        var events = await _portal.Client.GetEventsAsync(id);
        Assert.DoesNotContain(events, e => e.Type is "ApprovalRejected" or "ApprovalGiven" or "GateOverridden");
    }

    [Fact]
    public async Task Reject_AfterCanary_FailsAndRollsBackWithTheComment()
    {
        var id = await _portal.StartAsync(ApproveAfterCanary, "2.1.0");
        await _portal.WaitForApprovalAsync(id);

        var rejected = await _portal.PostAsync("carol", $"/api/releases/{id}/reject", new { comment = "error budget is thin" });

        Assert.Equal(HttpStatusCode.Accepted, rejected.Status);
        var release = await _portal.Client.WaitForStateAsync(id, "RolledBack");
        Assert.Contains("Rejected by carol: error budget is thin", release.Reason);
        var events = await _portal.Client.GetEventsAsync(id);
        Assert.Equal("carol", Assert.Single(events, e => e.Type == "ApprovalRejected").Actor);
        Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended" && e.Str("cohort") == "stable");
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    [Fact]
    public async Task Timeout_Approve_GoesOn()
    {
        var id = await _portal.StartAsync(Timed("approve"), "3.0.0");

        await _portal.Client.WaitForStateAsync(id, "Promoted");

        var events = await _portal.Client.GetEventsAsync(id);
        Assert.Single(events, e => e.Type == "ApprovalTimedOut");
        Assert.Contains("Approved by timeout after 1s (0 of 2 approvals", Assert.Single(events, e => e.Type == "ApprovalDecided").Str("reason"));
    }

    [Fact]
    public async Task Timeout_Reject_FailsWithoutTouchingTargets()
    {
        var id = await _portal.StartAsync(Timed("reject"), "3.0.1");

        var release = await _portal.Client.WaitForStateAsync(id, "Failed");

        Assert.Contains("Approval timed out after 1s with 0 of 2 approvals", release.Reason);
        var events = await _portal.Client.GetEventsAsync(id);
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended");
    }

    [Fact]
    public async Task Timeout_Pause_KeepsTheApprovalOpenUntilResumed()
    {
        var id = await _portal.StartAsync(Timed("pause"), "3.0.2");
        await _portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "ApprovalTimedOut"), "the approval to time out");
        var paused = await _portal.Client.GetReleaseAsync(id);
        Assert.True(paused.Paused);
        Assert.Contains("Approval timed out", paused.PauseReason);

        Assert.Equal(HttpStatusCode.Accepted, (await _portal.PostAsync("bob", $"/api/releases/{id}/approve")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await _portal.PostAsync("carol", $"/api/releases/{id}/approve")).Status);
        Assert.Equal(HttpStatusCode.Accepted, (await _portal.PostAsync("bob", $"/api/releases/{id}/resume", new { reason = "approved late" })).Status);

        await _portal.Client.WaitForStateAsync(id, "Promoted");
        var events = await _portal.Client.GetEventsAsync(id);
        Assert.True(Assert.Single(events, e => e.Type == "ApprovalDecided").Data.GetProperty("approved").GetBoolean());
    }

    private async Task<List<string>> Waiting(string user) =>
        (await _portal.GetAsync(user, "/api/approvals")).EnumerateArray().Select(a => a.GetProperty("releaseId").GetString()!).ToList();
}
