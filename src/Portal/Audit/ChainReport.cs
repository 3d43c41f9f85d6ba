namespace PortalRelease.Portal.Audit;

/// <summary>What verifying one chained table found. <see cref="FirstBroken"/> is null when the chain is whole.</summary>
public sealed record ChainReport(string Table, bool Ok, long RowsChecked, BrokenLink? FirstBroken, long? HeadId, string? HeadHash, AnchorCheck? Anchor);

/// <summary>
/// The first row where the chain fails: <see cref="Problem"/> is one of <see cref="ChainProblems"/>; <see cref="RowId"/>
/// is the row's id (for <c>missing-rows</c>, the anchored id no longer present).
/// </summary>
public sealed record BrokenLink(string Table, long RowId, string? ReleaseId, long? Seq, string Problem, string Detail);

/// <summary>The newest anchor checked against a chain: the row id and hash it recorded, and when.</summary>
public sealed record AnchorCheck(long Id, string Hash, DateTimeOffset At);

public static class ChainProblems
{
    /// <summary>The row's content (or stored hash) was changed: its content no longer hashes to its stored hash.</summary>
    public const string ContentHashMismatch = "content-hash-mismatch";

    /// <summary>The row does not follow the row before it: a row was deleted, inserted or moved here.</summary>
    public const string PrevHashMismatch = "prev-hash-mismatch";

    /// <summary>Rows an anchor recorded are gone: the tail was truncated (or the database replaced by an older one).</summary>
    public const string MissingRows = "missing-rows";

    /// <summary>The anchored row is there but its hash is not the one anchored: the chain up to it was rewritten.</summary>
    public const string AnchorMismatch = "anchor-mismatch";
}
