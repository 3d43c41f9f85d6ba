namespace PortalRelease.Portal.Releases.Journal;

/// <summary>
/// An append stated the sequence number it expected the release's journal to end at, and another append (another click,
/// the runner, another node) had come first. Nothing was written: read the journal again and decide again.
/// </summary>
public sealed class JournalConflictException(string releaseId, long expectedSeq, long actualSeq)
    : Exception($"Release {releaseId}'s journal ends at {actualSeq}, not at {expectedSeq} as the append expected.")
{
    public string ReleaseId { get; } = releaseId;

    public long ExpectedSeq { get; } = expectedSeq;

    public long ActualSeq { get; } = actualSeq;
}
