namespace PortalRelease.Plugins.Serverless.Ledger;

/// <summary>
/// Where a target's applied idempotency keys are kept: a file under the data directory (<see cref="AppliedKeys"/>, one
/// node), or the host's shared state store (<see cref="StoreAppliedKeys"/>, every node of a cluster, so a node that adopts
/// a release knows what the dead node applied). Not thread-safe: the driver holds the target's gate around every use.
/// </summary>
internal interface IAppliedKeys
{
    /// <summary>Excludes the other nodes from the target until disposed; null when this process is the only one.</summary>
    Task<IAsyncDisposable?> LockAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>The record of a key that was applied.</summary>
    Task<AppliedKey?> FindAsync(string key, CancellationToken cancellationToken);

    /// <summary>The code update a key started, if any.</summary>
    Task<AppliedKey?> FindCodeUpdateAsync(string key, CancellationToken cancellationToken);

    /// <summary>Records a key as applied (<see cref="AppliedKey.CodeSha256"/> null) or the code update it started.</summary>
    Task AddAsync(AppliedKey entry, CancellationToken cancellationToken);
}
