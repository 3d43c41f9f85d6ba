using PortalRelease.Portal.Cluster;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>How many orphaned releases a node takes per poll: failover speed first, then an even spread.</summary>
public sealed class AdoptionShareTests
{
    [Theory]
    // A node died holding 24: each of the three counted alive (the dead one until its heartbeat ages out) takes 8 per
    // poll, however many the survivor already drives.
    [InlineData(92, 24, 3, 8)]
    [InlineData(92, 24, 2, 12)]
    // A node that just joined takes up to an even share of everything.
    [InlineData(0, 60, 3, 20)]
    [InlineData(0, 6, 2, 3)]
    // A lone survivor takes them all; nothing to adopt still allows one (the caller has returned before).
    [InlineData(150, 40, 1, 40)]
    [InlineData(5, 1, 3, 1)]
    [InlineData(0, 0, 0, 1)]
    public void AdoptionShare_HeldAdoptableAlive_TakesAtLeastAnEvenShareOfTheOrphans(int held, int adoptable, int alive, int share) =>
        Assert.Equal(share, LeaseKeeper.AdoptionShare(held, adoptable, alive));
}
