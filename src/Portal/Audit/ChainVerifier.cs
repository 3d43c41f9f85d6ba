namespace PortalRelease.Portal.Audit;

/// <summary>
/// Walks a chained table once and reports its first broken link: each row must name the previous row's hash and hash
/// to its own stored hash; with an anchor, the anchored row must still exist and still have the anchored hash.
/// </summary>
public static class ChainVerifier
{
    public static async Task<ChainReport> VerifyAsync(IChainStore store, AnchorPoint? anchor, CancellationToken cancellationToken)
    {
        var previous = CanonicalHasher.Genesis.ToArray();
        long rows = 0, lastId = 0;
        BrokenLink? broken = null;
        byte[]? atAnchor = null;
        await store.WalkAsync(link =>
        {
            rows++;
            lastId = link.Id;
            if (broken is null)
            {
                broken = Check(store.Table, link, previous);
            }
            if (anchor is not null && link.Id == anchor.Id)
            {
                atAnchor = link.StoredHash;
            }
            // The next row must follow what this row claims to be, so one edited row is reported once, not twice.
            previous = link.StoredHash ?? [];
            return true;
        }, cancellationToken);
        if (broken is null && anchor is not null)
        {
            broken = CheckAnchor(store.Table, anchor, lastId, atAnchor);
        }
        return new ChainReport(
            store.Table,
            broken is null,
            rows,
            broken,
            rows == 0 ? null : lastId,
            rows == 0 ? null : Convert.ToHexStringLower(previous),
            anchor is null ? null : new AnchorCheck(anchor.Id, Convert.ToHexStringLower(anchor.Hash), anchor.At));
    }

    private static BrokenLink? Check(string table, ChainLink link, byte[] previous)
    {
        if (link.StoredPrevious is null || !link.StoredPrevious.AsSpan().SequenceEqual(previous))
        {
            return new BrokenLink(table, link.Id, link.ReleaseId, link.Seq, ChainProblems.PrevHashMismatch,
                $"row {link.Id} does not name the hash of the row before it: a row before it was deleted, inserted or moved");
        }
        if (link.StoredHash is null || !link.StoredHash.AsSpan().SequenceEqual(link.ContentHash))
        {
            return new BrokenLink(table, link.Id, link.ReleaseId, link.Seq, ChainProblems.ContentHashMismatch,
                $"row {link.Id}'s content does not hash to its stored hash: the row was changed");
        }
        return null;
    }

    private static BrokenLink? CheckAnchor(string table, AnchorPoint anchor, long lastId, byte[]? atAnchor)
    {
        if (anchor.Id == 0)
        {
            return null;
        }
        if (atAnchor is null)
        {
            return new BrokenLink(table, anchor.Id, null, null, ChainProblems.MissingRows,
                $"the anchor of {anchor.At:O} recorded row {anchor.Id}, but the table ends at row {lastId}: rows were removed from the end (or the database was replaced)");
        }
        if (!atAnchor.AsSpan().SequenceEqual(anchor.Hash))
        {
            return new BrokenLink(table, anchor.Id, null, null, ChainProblems.AnchorMismatch,
                $"row {anchor.Id} does not have the hash the anchor of {anchor.At:O} recorded: the chain up to it was rewritten");
        }
        return null;
    }
}

/// <summary>A chain's head as an anchor recorded it: the newest row's id and hash at <see cref="At"/>.</summary>
public sealed record AnchorPoint(string Table, long Id, byte[] Hash, DateTimeOffset At);
