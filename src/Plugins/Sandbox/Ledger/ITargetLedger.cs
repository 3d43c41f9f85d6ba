namespace PortalRelease.Plugins.Sandbox.Ledger;

/// <summary>
/// Where a target's ledger is kept: a file under the data directory (<see cref="SandboxLedger"/>, one node), or the host's
/// shared state store (<see cref="StoreLedger"/>, every node of a cluster). Entries have consecutive indexes from 0 in the
/// order they were appended. Not thread-safe: the owning fleet serialises access in this process.
/// </summary>
internal interface ITargetLedger
{
    /// <summary>Where the ledger is, for messages.</summary>
    string Location { get; }

    /// <summary>Excludes every other writer of this ledger (other nodes) until disposed; null when this process is the only one.</summary>
    Task<IAsyncDisposable?> LockAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The entries at indexes from <paramref name="known"/> on, in order; an entry that cannot be read (a torn line) comes
    /// back as null so its index still counts.
    /// </summary>
    Task<IReadOnlyList<(long Index, LedgerEntry? Entry)>> ReadAfterAsync(long known, CancellationToken cancellationToken);

    /// <summary>Appends <paramref name="entry"/> at <paramref name="index"/>; false when another writer took that index first.</summary>
    Task<bool> TryAppendAsync(long index, LedgerEntry entry, CancellationToken cancellationToken);
}
