using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class ReleaseEngineTests : PortalTest
{
    [Fact]
    public async Task Run_RollbackRequestedBeforeValidation_SettlesRolledBackWithoutTouchingTargets()
    {
        // The window between a release's creation and its runner's first look at the journal: the state machine
        // accepts a rollback then, so the runner must be able to settle it.
        _ = Portal.Http;
        var services = Portal.Services;
        var preview = await services.GetRequiredService<ReleaseService>().PreviewAsync("quick-canary", new Dictionary<string, JsonElement>());
        Assert.Empty(preview.Errors);
        var id = "early-rollback";
        var record = new ReleaseRecord(id, preview.Record!.Name, preview.Record.Version, "1.0.0", "{}",
            JsonSerializer.Serialize(preview.Compiled!.Plan, JournalJson.Options), DateTimeOffset.UtcNow, "alice");
        var created = EventDraft.Of(new ReleaseCreated(record.TemplateName, record.TemplateVersion, "1.0.0", new Dictionary<string, object?>()), "alice");
        await services.GetRequiredService<JournalWriter>().CreateReleaseAsync(record, [created, EventDraft.Of(new RollbackRequested("changed my mind"), "alice")]);
        Assert.Equal(["pause", "abort", "rollback"], ReleaseStateMachine.Available(ReleaseView.From(id, [])).Select(c => c.ToString().ToLowerInvariant()));

        services.GetRequiredService<ReleaseEngine>().Notify(id);

        await Portal.Client.WaitForStateAsync(id, "RolledBack", TimeSpan.FromSeconds(20));
        var events = await Portal.Client.GetEventsAsync(id);
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended");
        Assert.Empty(Portal.Home.LedgerEntries("sandbox-eu"));
    }

    [Fact]
    public async Task StopAsync_AfterDispose_DoesNotThrow()
    {
        // A host can dispose its services while another StopAsync is still walking the hosted services
        // (WebApplicationFactory stops the host while the app's own Run() stops and disposes it).
        _ = Portal.Http;
        var engine = Portal.Services.GetRequiredService<ReleaseEngine>();

        engine.Dispose();
        await engine.StopAsync(CancellationToken.None);
        engine.Notify("anything");

        Assert.Equal(0, engine.RunningCount);
    }
}
