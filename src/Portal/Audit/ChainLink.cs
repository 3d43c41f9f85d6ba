namespace PortalRelease.Portal.Audit;

/// <summary>
/// One row of a chain as a verifier sees it: what is stored, and the hash its content has with its stored previous
/// hash. The walk reuses one instance for every row (hundreds of thousands of rows): copy what must outlive the visit.
/// </summary>
public sealed class ChainLink
{
    public long Id { get; set; }

    /// <summary>For journal rows, the release and sequence number the row claims; null in the audit log.</summary>
    public string? ReleaseId { get; set; }

    public long? Seq { get; set; }

    public byte[]? StoredPrevious { get; set; }

    public byte[]? StoredHash { get; set; }

    public byte[] ContentHash { get; } = new byte[CanonicalHasher.HashSize];
}

/// <summary>A hash-chained table, walked in insertion order for verification.</summary>
public interface IChainStore
{
    /// <summary>The table's name, as reports and anchors name the chain.</summary>
    string Table { get; }

    /// <summary>Visits every row in id order over one consistent snapshot until <paramref name="visit"/> returns false.</summary>
    Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken);

    /// <summary>The newest row's id and stored hash; null while the table is empty.</summary>
    Task<ChainHead?> HeadAsync(CancellationToken cancellationToken);
}

/// <summary>The newest row of a chain: what an anchor records.</summary>
public sealed record ChainHead(long Id, byte[] Hash);
