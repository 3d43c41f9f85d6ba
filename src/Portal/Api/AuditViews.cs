using PortalRelease.Contracts;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Api;

/// <summary>The audit log and its verification as the API serves them.</summary>
internal static class AuditViews
{
    public static AuditEntryPageView ToView(this AuditEntryPage page) => new(page.Entries.Select(ToView).ToList(), page.Next);

    private static AuditEntryView ToView(AuditRecord r) => new(
        r.Id, r.At, r.ActorId, r.ActorName, r.AuthMethod, r.Address, r.Action, r.ResourceKind, r.ResourceId, r.Outcome, r.Details);

    public static AuditVerifyView ToView(this AuditVerifyReport report) => new(
        report.Ok,
        report.Chains.Select(c => new ChainCheckView(
            c.Table, c.Ok, c.RowsChecked,
            c.FirstBroken is { } b ? new BrokenLinkView(b.Table, b.RowId, b.ReleaseId, b.Seq, b.Problem, b.Detail) : null,
            c.HeadId, c.HeadHash,
            c.Anchor is { } a ? new AnchorCheckView(a.Id, a.Hash, a.At) : null)).ToList(),
        new AnchorFileView(
            report.Anchors.File,
            report.Anchors.Lines,
            report.Anchors.Latest is { } line
                ? new AnchorLineView(line.At, line.Key, line.Heads.ToDictionary(h => h.Key, h => new AnchorHeadView(h.Value.Id, h.Value.Hash)))
                : null,
            report.Anchors.Problems),
        report.ElapsedMs)
    {
        FirstProblem = report.FirstProblem,
    };
}
