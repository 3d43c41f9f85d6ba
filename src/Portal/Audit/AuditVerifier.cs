using System.Diagnostics;

namespace PortalRelease.Portal.Audit;

/// <summary>The answer of <c>GET /api/audit/verify</c> and of the check at start.</summary>
public sealed record AuditVerifyReport(bool Ok, IReadOnlyList<ChainReport> Chains, AnchorFileReport Anchors, double ElapsedMs)
{
    /// <summary>The first broken link over all chains, or the first bad anchor line, in words; null when all is well.</summary>
    public string? FirstProblem =>
        Chains.FirstOrDefault(c => c.FirstBroken is not null)?.FirstBroken is { } broken
            ? $"{broken.Table} row {broken.RowId}{(broken.ReleaseId is null ? "" : $" ({broken.ReleaseId}#{broken.Seq})")}: {broken.Problem}: {broken.Detail}"
            : Anchors.Problems.Count > 0 ? $"{Anchors.File} {Anchors.Problems[0]}" : null;
}

/// <summary>Verifies every chained table against itself and against the newest good anchor.</summary>
public sealed class AuditVerifier(IEnumerable<IChainStore> stores, AuditAnchors anchors)
{
    public async Task<AuditVerifyReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var file = await anchors.ReadAsync(cancellationToken);
        var reports = new List<ChainReport>();
        foreach (var store in stores)
        {
            var anchor = file.Latest?.Heads.GetValueOrDefault(store.Table) is { } head
                ? new AnchorPoint(store.Table, head.Id, Convert.FromHexString(head.Hash), file.Latest.At)
                : null;
            reports.Add(await ChainVerifier.VerifyAsync(store, anchor, cancellationToken));
        }
        return new AuditVerifyReport(reports.All(r => r.Ok) && file.Problems.Count == 0, reports, file, stopwatch.Elapsed.TotalMilliseconds);
    }
}
