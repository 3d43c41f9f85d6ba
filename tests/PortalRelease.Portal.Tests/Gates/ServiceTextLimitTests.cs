using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>
/// Comments and reasons are bounded by <c>Portal:Limits:CommentLength</c> in the services themselves, so every caller
/// (the API, the Blazor dialogs) is bound: an oversized or control-character text is refused naming the field, and
/// nothing is journaled or saved.
/// </summary>
public sealed class ServiceTextLimitTests : IAsyncLifetime
{
    private const string Gated = """
        name: gated-limits
        service: checkout
        stages:
          - name: production
            approval: { role: release-managers }
            targets: [sandbox-eu]
            steps:
              - setWeight: 50
        """;

    private static readonly string TooLong = new('x', 2001);

    private GatesPortal _portal = null!;

    public Task InitializeAsync()
    {
        _portal = new GatesPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    private ReleaseService Releases => _portal.Ops.Services.GetRequiredService<ReleaseService>();

    private QuarantineService Quarantine => _portal.Ops.Services.GetRequiredService<QuarantineService>();

    [Fact]
    public async Task GateAnswersAndOverride_CommentOverTheLimit_AreInvalidAndJournalNothing()
    {
        var id = await _portal.StartAsync(Gated, "1.0.0");
        await _portal.WaitForApprovalAsync(id);
        var before = await EventCountAsync(id);

        var approve = await Releases.ApproveAsync(id, TestActor.Of("bob"), TooLong);
        var reject = await Releases.RejectAsync(id, TestActor.Of("bob"), TooLong);
        var bell = await Releases.ApproveAsync(id, TestActor.Of("bob"), "ok\u0007");
        var overrideWindow = await Releases.OverrideAsync(id, TestActor.Of("bob"), "window", TooLong);

        foreach (var (result, field) in new[] { (approve, "comment"), (reject, "comment"), (bell, "comment"), (overrideWindow, "reason") })
        {
            Assert.Equal(GateStatus.Invalid, result.Status);
            Assert.StartsWith($"'{field}'", result.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Portal:Limits:CommentLength", approve.Message, StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(id));
    }

    [Theory]
    [InlineData(ReleaseCommand.Pause)]
    [InlineData(ReleaseCommand.Abort)]
    public async Task Command_ReasonOverTheLimit_IsInvalidAndJournalsNothing(ReleaseCommand command)
    {
        var id = await _portal.StartAsync(Gated, "1.0.0");
        await _portal.WaitForApprovalAsync(id);
        var before = await EventCountAsync(id);

        var result = await Releases.ExecuteAsync(id, command, TestActor.Of("bob"), TooLong);

        Assert.Equal(CommandStatus.Invalid, result.Status);
        Assert.Contains("'reason'", result.Message, StringComparison.Ordinal);
        Assert.Contains("Portal:Limits:CommentLength", result.Message, StringComparison.Ordinal);
        Assert.Equal(before, await EventCountAsync(id));
    }

    private static readonly PortalRelease.Portal.Audit.AuditActor Bob = TestActor.Of("bob");

    [Fact]
    public async Task QuarantineAndLift_ReasonOverTheLimit_AreInvalidAndSaveNothing()
    {
        var mark = await Quarantine.QuarantineAsync("checkout", "9.9.9", TooLong, Bob);
        Assert.Equal(QuarantineStatus.Invalid, mark.Status);
        Assert.Contains("'reason'", mark.Message, StringComparison.Ordinal);
        Assert.Empty(await Quarantine.HistoryAsync());

        Assert.Equal(QuarantineStatus.Done, (await Quarantine.QuarantineAsync("checkout", "9.9.9", "bad build", Bob)).Status);
        var lift = await Quarantine.LiftAsync("checkout", "9.9.9", TooLong, Bob);

        Assert.Equal(QuarantineStatus.Invalid, lift.Status);
        Assert.Single(await Quarantine.HistoryAsync());
    }

    private async Task<int> EventCountAsync(string id) => (await _portal.GetAsync("bob", $"/api/releases/{id}/events")).GetArrayLength();
}
