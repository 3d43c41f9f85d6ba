using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>The dashboard's approval queue counts releases waiting at an approval gate until it is decided.</summary>
public sealed class ApprovalQueueFactTests
{
    [Fact]
    public void Fold_ApprovalRequestedThenDecided_IsAwaitingOnlyInBetween()
    {
        var fact = ReleaseFactFolder.Start("r1");
        var at = DateTimeOffset.UtcNow;

        ReleaseFactFolder.Apply(fact, Event(1, at, new ApprovalRequested(0, "production", "release-managers", 2, null, ApprovalTimeoutOutcome.Reject)));
        var waiting = fact.Awaiting;
        ReleaseFactFolder.Apply(fact, Event(2, at, new ApprovalGiven(0, null)));
        var afterOne = fact.Awaiting;
        ReleaseFactFolder.Apply(fact, Event(3, at, new ApprovalDecided(0, true, "Approved by bob, carol")));

        Assert.True(waiting);
        Assert.True(afterOne);
        Assert.False(fact.Awaiting);
    }

    private static JournalEvent Event<T>(long seq, DateTimeOffset at, T payload) where T : notnull =>
        new("r1", seq, at, typeof(T).Name, "engine", JsonSerializer.SerializeToElement(payload, JournalJson.Options));
}
