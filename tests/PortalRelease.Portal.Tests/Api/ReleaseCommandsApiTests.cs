using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PortalRelease.Portal.Tests.Releases;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Api;

public sealed class ReleaseCommandsApiTests : PortalTest
{
    [Fact]
    public async Task Resume_AtManualGate_ContinuesToPromoted()
    {
        var id = await Client.CreateReleaseAsync("manual-gate", "1.0.0");
        var gate = await WaitAtGateAsync(id);
        Assert.Equal(20, gate.CanaryWeight);
        Assert.Equal(["resume", "abort", "rollback"], Commands(gate));

        var pauseAgain = await CommandAsync(id, "pause");
        Assert.Equal(HttpStatusCode.Conflict, pauseAgain.Status);
        Assert.Contains("already paused", pauseAgain.Detail);
        var resumed = await CommandAsync(id, "resume", new { reason = "looks good" });

        Assert.Equal(HttpStatusCode.Accepted, resumed.Status);
        await Client.WaitForStateAsync(id, "Promoted");
        var events = await Client.GetEventsAsync(id);
        var resume = Assert.Single(events, e => e.Type == "Resumed");
        Assert.Equal("dev-user", resume.Actor);
        Assert.Equal("looks good", resume.Str("comment"));
        JournalChecks.SeqsAreContiguous(events);
        JournalChecks.EveryIntendedActionDoneOnce(events);
        JournalChecks.LedgerAppliedEachKeyOnce(Portal.Home, id, events);
        var late = await CommandAsync(id, "resume");
        Assert.Equal(HttpStatusCode.Conflict, late.Status);
        Assert.Contains("Promoted", late.Detail);
    }

    [Fact]
    public async Task Abort_AtManualGate_RollsBackBothTargetsAndSettlesAborted()
    {
        var id = await Client.CreateReleaseAsync("manual-gate", "1.0.0");
        await WaitAtGateAsync(id);

        var aborted = await CommandAsync(id, "abort", new { reason = "wrong build" });

        Assert.Equal(HttpStatusCode.Accepted, aborted.Status);
        var release = await Client.WaitForStateAsync(id, "Aborted");
        Assert.Contains("wrong build", release.Reason);
        Assert.Contains("dev-user", release.Reason);
        Assert.Equal(0, release.CanaryWeight);
        Assert.Empty(Commands(release));
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(
            ["sandbox-eu", "sandbox-us"],
            events.Where(e => e.Type == "ActionIntended" && e.Str("action") == "rollback").Select(e => e.Str("target")).Order());
        Assert.DoesNotContain(events, e => e.Type == "StepStarted" && e.Index == 2);
        JournalChecks.EveryIntendedActionDoneOnce(events);
        JournalChecks.LedgerAppliedEachKeyOnce(Portal.Home, id, events);
        var again = await CommandAsync(id, "abort");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
    }

    [Fact]
    public async Task PauseResumeAbort_WebCanary_EachAcceptedOnlyWhenAllowed()
    {
        var id = await Client.CreateReleaseAsync("web-canary", "4.0.0", new { bake = "30s" });
        await Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted"), "the bake pause to start");

        var notPaused = await CommandAsync(id, "resume");
        Assert.Equal(HttpStatusCode.Conflict, notPaused.Status);
        Assert.Equal("application/problem+json", notPaused.ContentType);
        Assert.Contains("not paused", notPaused.Detail);

        var paused = await CommandAsync(id, "pause", new { reason = "incident 42" });
        Assert.Equal(HttpStatusCode.Accepted, paused.Status);
        var view = await Client.GetReleaseAsync(id);
        Assert.True(view.Paused);
        Assert.Equal("incident 42", view.PauseReason);
        Assert.Equal(["resume", "abort", "rollback"], Commands(view));

        var resumed = await CommandAsync(id, "resume");
        Assert.Equal(HttpStatusCode.Accepted, resumed.Status);
        view = await Client.GetReleaseAsync(id);
        Assert.False(view.Paused);
        Assert.Equal(["pause", "abort", "rollback"], Commands(view));

        var aborted = await CommandAsync(id, "abort");
        Assert.Equal(HttpStatusCode.Accepted, aborted.Status);
        await Client.WaitForStateAsync(id, "Aborted");
        var events = await Client.GetEventsAsync(id);
        var commanded = events.Where(e => e.Type is "Paused" or "Resumed" or "AbortRequested").ToList();
        Assert.Equal(["Paused", "Resumed", "AbortRequested"], commanded.Select(e => e.Type));
        // Each 202's lastSeq is the last number before the command's own event: a client following from it sees the command.
        Assert.Equal(commanded.Select(e => e.Seq - 1), [paused.LastSeq, resumed.LastSeq, aborted.LastSeq]);
        JournalChecks.SeqsAreContiguous(events);
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    [Fact]
    public async Task Rollback_PromotedRelease_SettlesRolledBackOnce()
    {
        var id = await Client.CreateReleaseAsync("quick-canary", "5.0.0");
        await Client.WaitForStateAsync(id, "Promoted");

        var rollback = await CommandAsync(id, "rollback", new { reason = "customer reports" });

        Assert.Equal(HttpStatusCode.Accepted, rollback.Status);
        await Client.WaitForStateAsync(id, "RolledBack");
        var again = await CommandAsync(id, "rollback");
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        var events = await Client.GetEventsAsync(id);
        var intended = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.Equal($"{id}/rollback-1/sandbox-eu", intended.Key);
        JournalChecks.EveryIntendedActionDoneOnce(events);
        JournalChecks.LedgerAppliedEachKeyOnce(Portal.Home, id, events);
    }

    private async Task<ReleaseView> WaitAtGateAsync(string id)
    {
        await Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted" && e.Index == 1), "the manual gate");
        var release = await Client.GetReleaseAsync(id);
        Assert.True(release.Paused);
        Assert.Equal("Deploying", release.State);
        return release;
    }

    private static List<string> Commands(ReleaseView release) => [.. release.AvailableCommands];

    private async Task<(HttpStatusCode Status, string Detail, string? ContentType, long LastSeq)> CommandAsync(string id, string command, object? body = null)
    {
        using var response = body is null
            ? await Portal.Http.PostAsync($"/api/releases/{id}/{command}", null)
            : await Portal.Http.PostAsJsonAsync($"/api/releases/{id}/{command}", body);
        var text = await response.Content.ReadAsStringAsync();
        var detail = "";
        long lastSeq = -1;
        using var answer = JsonDocument.Parse(text);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            detail = answer.RootElement.GetProperty("detail").GetString() ?? "";
        }
        else
        {
            lastSeq = answer.RootElement.GetProperty("lastSeq").GetInt64();
        }
        return (response.StatusCode, detail, response.Content.Headers.ContentType?.MediaType, lastSeq);
    }
}
