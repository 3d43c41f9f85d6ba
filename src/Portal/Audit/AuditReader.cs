using System.Runtime.CompilerServices;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// The one way to read the audit trail: list a page, export everything a filter selects, verify the chains. The API,
/// the export download and the Audit page all come through here, so the check of who may read the trail sits in one
/// place (<see cref="ReaderAsync"/>: admins only, the <c>ReadAudit</c> permission). Scoped: the reader is the request's user, or the circuit's on the page.
/// </summary>
public sealed class AuditReader(
    AuditLogQueries queries, AuditVerifier verifier, AuditAnchorService anchorService, CurrentActor actor, Identity.Access.AccessGuard guard, ILogger<AuditReader> logger)
{
    /// <summary>How many rows an export reads at a time: memory stays flat however much it selects.</summary>
    public const int ExportBatch = 500;

    /// <summary>A page of entries newest first, below <paramref name="before"/> (an id from <see cref="AuditEntryPage.Next"/>).</summary>
    public async Task<AuditEntryPage> ListAsync(AuditFilter filter, long? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, AuditFilterParser.MaxLimit);
        var reader = await ReaderAsync();
        // One more than asked: whether another page exists is known now, not after an empty last page.
        var rows = await queries.NewestAsync(filter, before, limit + 1, cancellationToken);
        logger.LogDebug("{User} read {Count} audit entries", reader.Id, Math.Min(rows.Count, limit));
        return rows.Count > limit ? new AuditEntryPage(rows.Take(limit).ToList(), rows[limit - 1].Id) : new AuditEntryPage(rows, null);
    }

    /// <summary>
    /// Every entry <paramref name="filter"/> selects, oldest first, as the log stood when the export began (entries
    /// appended meanwhile are left for the next export), read in batches. Who reads is decided here, before a byte of
    /// the answer is sent.
    /// </summary>
    public async Task<IAsyncEnumerable<AuditRecord>> ExportAsync(AuditFilter filter, CancellationToken cancellationToken = default)
    {
        var reader = await ReaderAsync();
        logger.LogInformation("{User} ({Method}) exports the audit log", reader.Id, reader.Method);
        return ReadAllAsync(filter, cancellationToken);
    }

    private async IAsyncEnumerable<AuditRecord> ReadAllAsync(AuditFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var head = await queries.HeadIdAsync(cancellationToken);
        for (var after = 0L; ;)
        {
            var batch = await queries.OldestAsync(filter, after, head, ExportBatch, cancellationToken);
            foreach (var record in batch)
            {
                yield return record;
            }
            if (batch.Count < ExportBatch)
            {
                yield break;
            }
            after = batch[^1].Id;
        }
    }

    /// <summary>Walks both chains against the newest anchor now (a full read of journal and audit log).</summary>
    public async Task<AuditVerifyReport> VerifyAsync(CancellationToken cancellationToken = default)
    {
        var reader = await ReaderAsync();
        var report = await verifier.VerifyAsync(cancellationToken);
        logger.LogInformation("{User} verified the audit chains: {Result}", reader.Id, report.FirstProblem ?? "intact");
        return report;
    }

    /// <summary>What the check at start found, once it ran (null before).</summary>
    public async Task<AuditVerifyReport?> StartCheckAsync()
    {
        await ReaderAsync();
        return anchorService.StartCheck;
    }

    // Every read passes here first: the one place that decides who may read the audit trail.
    private async Task<PortalUser> ReaderAsync()
    {
        var user = actor.User;
        await guard.DemandAsync(
            new AuditActor(user.Id, user.Name, user.Method, null) { Principal = actor.Principal },
            Identity.Access.AccessPermission.ReadAudit,
            Identity.Access.AccessScope.Global);
        return user;
    }
}
