using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data;

public sealed class ReleaseRepositoryTests : IAsyncLifetime
{
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted", "Failed"];

    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ListUnsettled_MixOfStates_ReturnsOnlyReleasesTheEngineMustResume()
    {
        await _db.CreateReleaseAsync("new");
        await CreateAsync("deploying", new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null));
        await CreateAsync("promoted", new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null));
        await CreateAsync("failing", new StateChanged(Lifecycle.Proposed, Lifecycle.Failed, "x"), new RollbackRequested("auto"));
        await CreateAsync("failed", new StateChanged(Lifecycle.Proposed, Lifecycle.Failed, "validation"));
        await CreateAsync("rollback-asked", new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null), new RollbackRequested("later"));

        var unsettled = await _db.Releases.ListUnsettledAsync(FinalStates);

        Assert.Equal(["deploying", "failing", "new", "rollback-asked"], unsettled.Order());
    }

    private async Task CreateAsync(string id, params object[] payloads)
    {
        await _db.CreateReleaseAsync(id);
        await _db.Writer.AppendAsync(id, payloads.Select(p => new EventDraft(p.GetType().Name, "engine", System.Text.Json.JsonSerializer.SerializeToElement(p, p.GetType(), JournalJson.Options))).ToArray());
    }
}
