namespace PortalRelease.Portal.Cluster;

/// <summary>
/// What a runner in a cluster states with every append: the node it runs on and the lease epoch under which it drives
/// the release. The journal refuses the append (<see cref="LeaseLostException"/>) unless that node still holds that
/// epoch, checked in the append's own transaction: a node that lost the release — killed, partitioned, or frozen past its
/// lease and resumed — can never write to it again.
/// </summary>
public sealed record LeaseFence(string NodeId, long Epoch);

/// <summary>The append's lease was taken over: nothing was written, and the runner must stop driving the release.</summary>
public sealed class LeaseLostException(string releaseId, LeaseFence fence, long? currentEpoch)
    : Exception(currentEpoch is { } epoch
        ? $"Release {releaseId} is no longer driven by node {fence.NodeId} under epoch {fence.Epoch} (now epoch {epoch} elsewhere)."
        : $"Release {releaseId} is no longer driven by node {fence.NodeId} under epoch {fence.Epoch}.")
{
    public string ReleaseId { get; } = releaseId;

    public LeaseFence Fence { get; } = fence;
}
