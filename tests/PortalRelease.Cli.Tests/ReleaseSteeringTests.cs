using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// <c>portal release pause|resume|approve|abort|override|list|watch</c> against the live portal: a person's steps from a
/// terminal or a pipeline, each answered with the portal's own words and an exit code of the contract.
/// </summary>
[Collection(CliCollection.Name)]
public sealed class ReleaseSteeringTests(CliFixture portal)
{
    private const string ApprovalTemplate = $$"""
        name: cli-approval
        description: A canary on one sandbox target that waits for an approval before it sends all traffic.
        stages:
          - name: sandbox
            targets: [sandbox-us]
            steps:
              - setWeight: 20
              - approval: { role: {{CliFixture.ApproverGroup}} }
              - setWeight: 100
        """;

    [Fact]
    public async Task ReleaseStartWait_AwaitingApprovalAtTheTimeout_ExitsTwelveSayingWhoMayApprove()
    {
        await portal.ImportTemplateAsync(ApprovalTemplate);
        var key = $"approval-wait-{Guid.NewGuid():N}";
        string[] start = ["release", "start", "cli-approval", "--version", "6.8.0", "--idempotency-key", key, "--output", "json"];
        var started = await portal.PortalAsync(start);
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = JsonSerializer.Deserialize<CreateReleaseResponse>(started.Output, ContractJson.Options)!.Id;
        try
        {
            // Wait without the tool until the gate asks, so the short timeout below measures only the wait on the approval.
            await portal.UntilAsync(id, (e, release) => e?.Type == "ApprovalRequested" || release.IsFinal);

            // The same key and request: the same release, now followed.
            // Long enough for the tool to start and print the journal so far on a loaded machine; the outcome cannot change.
            var run = await portal.PortalAsync([.. start, "--wait", "--timeout", "10s"]);

            Assert.True(run.ExitCode == 12, run.ToString());
            Assert.Equal(id, JsonSerializer.Deserialize<CreateReleaseResponse>(run.Output, ContractJson.Options)!.Id);
            Assert.True(run.Error.Contains($"waiting for approval: 1 approver(s) with role {CliFixture.ApproverGroup} for stage sandbox", StringComparison.Ordinal), run.ToString());
            Assert.Contains("timed out after 00:00:10: the release is still Deploying (Awaiting approval)", run.Error);
            Assert.False((await portal.GetReleaseAsync(id)).IsFinal, "the release goes on waiting without the tool");
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task ApproveWait_ReleaseAwaitingApproval_FollowsFromTheApprovalAndExitsZeroWhenPromoted()
    {
        await portal.ImportTemplateAsync(ApprovalTemplate);
        var id = await portal.StartAsAsync("alice", "cli-approval", "6.9.1");
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "ApprovalRequested" || release.IsFinal);

            var approve = await portal.PortalAsync("release", "approve", id, "--comment", "go", "--wait", "--timeout", "2m");

            Assert.True(approve.ExitCode == 0, approve.ToString());
            var lines = approve.Lines;
            Assert.Equal($"release {id}: approve accepted", lines[0]);
            Assert.Contains($"approved by {CliFixture.ToolUser}: go", lines);
            Assert.StartsWith("Promoted", lines[^1]);
            // Followed from the approval on: the history before it is not printed again.
            Assert.DoesNotContain(lines, l => l.StartsWith("waiting for approval", StringComparison.Ordinal));
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task AbortWait_OutputJson_ExitsElevenWithTheOutcomeDocument()
    {
        var started = await portal.PortalAsync("release", "start", "manual-gate", "--version", "6.9.2", "--output", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = JsonSerializer.Deserialize<CreateReleaseResponse>(started.Output, ContractJson.Options)!.Id;
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "PauseStarted" || release.IsFinal);

            var abort = await portal.PortalAsync("release", "abort", id, "--reason", "wrong build", "--wait", "--output", "json");

            Assert.True(abort.ExitCode == 11, abort.ToString());
            var result = JsonSerializer.Deserialize<JsonElement>(abort.Output);
            Assert.Equal(id, result.GetProperty("accepted").GetProperty("id").GetString());
            Assert.Equal("abort", result.GetProperty("accepted").GetProperty("command").GetString());
            Assert.Equal(ReleaseStates.Aborted, result.GetProperty("outcome").GetString());
            Assert.Equal(11, result.GetProperty("exitCode").GetInt32());
            Assert.Equal(ReleaseStates.Aborted, result.GetProperty("release").GetProperty("state").GetString());
            // Followed from the command's own event on: its line is there.
            Assert.Contains($"abort requested by {CliFixture.ToolUser}: wrong build", abort.Error, StringComparison.Ordinal);
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task PauseResumeApprove_ReleaseAwaitingApproval_PromotesWithTheComment()
    {
        await portal.ImportTemplateAsync(ApprovalTemplate);
        // Started by someone else: nobody approves a release of their own.
        var id = await portal.StartAsAsync("alice", "cli-approval", "6.0.0");
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "ApprovalRequested" || release.IsFinal);

            var pause = await portal.PortalAsync("release", "pause", id, "--reason", "hold for the change board");
            await portal.UntilAsync(id, (_, release) => release.Paused || release.IsFinal);
            var resume = await portal.PortalAsync("release", "resume", id, "--reason", "the board said yes");
            await portal.UntilAsync(id, (_, release) => !release.Paused || release.IsFinal);
            var approve = await portal.PortalAsync("release", "approve", id, "--comment", "ship it", "--output", "json");
            var watch = await portal.PortalAsync("release", "watch", id, "--timeout", "2m");

            Assert.True(pause.ExitCode == 0, pause.ToString());
            Assert.Equal($"release {id}: pause accepted", pause.Lines[0]);
            Assert.True(resume.ExitCode == 0, resume.ToString());
            Assert.True(approve.ExitCode == 0, approve.ToString());
            var accepted = JsonSerializer.Deserialize<ReleaseCommandResponse>(approve.Output, ContractJson.Options)!;
            Assert.Equal((id, "approve"), (accepted.Id, accepted.Command));
            Assert.True(watch.ExitCode == 0, watch.ToString());
            var lines = watch.Lines;
            Assert.Contains("paused: hold for the change board", lines);
            Assert.Contains($"resumed by {CliFixture.ToolUser}: the board said yes", lines);
            Assert.Contains($"approved by {CliFixture.ToolUser}: ship it", lines);
            Assert.Contains("sandbox-us [####################] 100% stable 6.0.0", lines);
            Assert.StartsWith("Promoted", lines[^1]);
            Assert.EndsWith("(exit 0)", lines[^1]);
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task RejectAndApprove_RejectedWithAComment_RollsBackWhileTheAuthorMayNotApprove()
    {
        await portal.ImportTemplateAsync(ApprovalTemplate);
        var theirs = await portal.StartAsAsync("alice", "cli-approval", "6.4.0");
        string? mine = null;
        try
        {
            await portal.UntilAsync(theirs, (e, release) => e?.Type == "ApprovalRequested" || release.IsFinal);
            var reject = await portal.PortalAsync("release", "reject", theirs, "--comment", "not during the sale");
            var watch = await portal.PortalAsync("release", "watch", theirs, "--timeout", "2m");
            Assert.True(reject.ExitCode == 0, reject.ToString());
            // The canary had 20%: the rejection fails the release and rolls that back, so the outcome is RolledBack.
            Assert.True(watch.ExitCode == 10, watch.ToString());
            Assert.Contains($"rejected by {CliFixture.ToolUser}: not during the sale", watch.Lines);
            Assert.Contains($"approval decided: Rejected by {CliFixture.ToolUser}: not during the sale", watch.Lines);
            Assert.StartsWith("RolledBack", watch.Lines[^1]);

            // Started by the tool's own user: another member of the group must approve it.
            var started = await portal.PortalAsync("release", "start", "cli-approval", "--version", "6.4.1", "--output", "json");
            Assert.True(started.ExitCode == 0, started.ToString());
            mine = JsonDocument.Parse(started.Output).RootElement.GetProperty("id").GetString()!;
            await portal.UntilAsync(mine, (e, release) => e?.Type == "ApprovalRequested" || release.IsFinal);
            var own = await portal.PortalAsync("release", "approve", mine);

            Assert.True(own.ExitCode == 3, own.ToString());
            Assert.Contains($"{CliFixture.ToolUser} started release '{mine}' and cannot approve it", own.Error);
        }
        finally
        {
            await portal.AbortAndSettleAsync(theirs);
            if (mine is not null)
            {
                await portal.AbortAndSettleAsync(mine);
            }
        }
    }

    [Fact]
    public async Task Rollback_ReleaseHalfway_WatchExitsTenWithTheReason()
    {
        var started = await portal.PortalAsync("release", "start", "manual-gate", "--version", "6.5.0", "--output", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = JsonDocument.Parse(started.Output).RootElement.GetProperty("id").GetString()!;
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "PauseStarted" || release.IsFinal);

            var rollback = await portal.PortalAsync("release", "rollback", id, "--reason", "errors in the eu logs", "-o", "json");
            var watch = await portal.PortalAsync("release", "watch", id, "--timeout", "2m");

            Assert.True(rollback.ExitCode == 0, rollback.ToString());
            Assert.Equal("rollback", JsonDocument.Parse(rollback.Output).RootElement.GetProperty("command").GetString());
            Assert.True(watch.ExitCode == 10, watch.ToString());
            Assert.Contains("rollback requested: errors in the eu logs", watch.Lines);
            Assert.StartsWith("RolledBack", watch.Lines[^1]);
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task AbortWatchList_ReleaseWaitingForAPerson_AbortedListedAndRefusedTwice()
    {
        var started = await portal.PortalAsync("release", "start", "manual-gate", "--version", "6.1.0", "--output", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = JsonDocument.Parse(started.Output).RootElement.GetProperty("id").GetString()!;
        try
        {
            await portal.UntilAsync(id, (e, release) => e?.Type == "PauseStarted" || release.IsFinal);

            var stillWaiting = await portal.PortalAsync("release", "watch", id, "--timeout", "2s");
            var overridden = await portal.PortalAsync("release", "override", id, "--gate", "window", "--reason", "no window here");
            var abort = await portal.PortalAsync("release", "abort", id, "--reason", "cli test abort");
            var watch = await portal.PortalAsync("release", "watch", id, "--timeout", "2m");
            var again = await portal.PortalAsync("release", "abort", id);
            var list = await portal.PortalAsync("release", "list", "--state", "aborted");
            var json = await portal.PortalAsync("release", "list", "--limit", "3", "-o", "json");

            Assert.True(stillWaiting.ExitCode == 12, stillWaiting.ToString());
            Assert.Contains("waiting for a person to resume the release", stillWaiting.Output);
            Assert.True(overridden.ExitCode == 2, overridden.ToString());
            Assert.Contains($"Release '{id}' is not waiting for a deployment window or freeze", overridden.Error);
            Assert.True(abort.ExitCode == 0, abort.ToString());
            Assert.True(watch.ExitCode == 11, watch.ToString());
            Assert.Contains($"abort requested by {CliFixture.ToolUser}: cli test abort", watch.Lines);
            Assert.StartsWith("Aborted", watch.Lines[^1]);
            Assert.True(again.ExitCode == 2, again.ToString());
            Assert.Contains("(409)", again.Error);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Matches(@"^ID\s+TEMPLATE\s+VERSION\s+STATE\s+STARTED$", list.Lines[0]);
            Assert.Contains(list.Lines, l => l.StartsWith(id, StringComparison.Ordinal) && l.Contains("manual-gate", StringComparison.Ordinal)
                && l.Contains("6.1.0", StringComparison.Ordinal) && l.Contains("Aborted", StringComparison.Ordinal));
            Assert.All(list.Lines.Skip(1), l => Assert.Contains("Aborted", l, StringComparison.Ordinal));
            Assert.True(json.ExitCode == 0, json.ToString());
            var releases = JsonSerializer.Deserialize<List<ReleaseView>>(json.Output, ContractJson.Options)!;
            Assert.InRange(releases.Count, 1, 3);
            Assert.Contains(releases, r => r.Id == id && r.State == ReleaseStates.Aborted);
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task ReleaseWatch_OutputJson_OneEventPerLineProgressOnStandardError()
    {
        var started = await portal.PortalAsync("release", "start", "quick-canary", "--version", "6.2.0", "--output", "json");
        Assert.True(started.ExitCode == 0, started.ToString());
        var id = JsonDocument.Parse(started.Output).RootElement.GetProperty("id").GetString()!;
        try
        {
            var watch = await portal.PortalAsync("release", "watch", id, "--timeout", "2m", "--output", "json");

            Assert.True(watch.ExitCode == 0, watch.ToString());
            var events = watch.Lines.Select(l => JsonSerializer.Deserialize<ReleaseEvent>(l, ContractJson.Options)!).ToList();
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
            Assert.Equal("ReleaseCreated", events[0].Type);
            Assert.Contains(events, e => e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() == "Promoted");
            Assert.Contains("Promoted: Version 6.2.0 is live on every target (exit 0)", watch.Error);
        }
        finally
        {
            await portal.AbortAndSettleAsync(id);
        }
    }

    [Fact]
    public async Task RejectAndWatch_RefusedOrUnknown_ExitTwoWithThePortalsMessage()
    {
        var reject = await portal.PortalAsync("release", "reject", "nosuchrelease");
        var watch = await portal.PortalAsync("release", "watch", "nosuchrelease", "--timeout", "1m");
        var pause = await portal.PortalAsync("release", "pause", "nosuchrelease");

        Assert.True(reject.ExitCode == 2, reject.ToString());
        Assert.Contains("comment: a rejection needs a comment saying why", reject.Error);
        Assert.True(watch.ExitCode == 2, watch.ToString());
        Assert.Contains("There is no release 'nosuchrelease'.", watch.Error);
        Assert.True(pause.ExitCode == 2, pause.ToString());
        Assert.Contains("There is no release 'nosuchrelease'.", pause.Error);
    }
}
