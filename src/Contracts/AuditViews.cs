using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// One audit log entry (<c>GET /api/audit</c>): who did what to which resource, from where, with what outcome
/// (<c>success</c>, <c>denied</c>, …). <see cref="Details"/> stay JSON: each action records its own.
/// </summary>
public sealed record AuditEntryView(
    long Id,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string AuthMethod,
    string? Address,
    string Action,
    string ResourceKind,
    string ResourceId,
    string Outcome,
    JsonElement Details);

/// <summary>A page of the audit log, newest first; <see cref="Next"/> is the <c>before</c> of the next (older) page, null at the end.</summary>
public sealed record AuditEntryPageView(IReadOnlyList<AuditEntryView> Entries, long? Next);

/// <summary>
/// What <c>GET /api/audit</c> and <c>/api/audit/export</c> select: each filter left null selects everything. An
/// action, actor or resource may end in <c>*</c> to match a prefix.
/// </summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? ResourceKind = null,
    string? ResourceId = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Outcome = null);

/// <summary>
/// <c>GET /api/audit/verify</c>: every hash-chained table checked row by row and against the newest signed anchor.
/// <see cref="FirstProblem"/> says in words what broke first; null when all is well.
/// </summary>
public sealed record AuditVerifyView(bool Ok, IReadOnlyList<ChainCheckView> Chains, AnchorFileView Anchors, double ElapsedMs)
{
    public string? FirstProblem { get; init; }
}

/// <summary>One chained table: how many rows were checked, the first broken link (if any), its head and the anchor it was held to.</summary>
public sealed record ChainCheckView(string Table, bool Ok, long RowsChecked, BrokenLinkView? FirstBroken, long? HeadId, string? HeadHash, AnchorCheckView? Anchor);

/// <summary>Where a chain breaks and why.</summary>
public sealed record BrokenLinkView(string Table, long RowId, string? ReleaseId, long? Seq, string Problem, string Detail);

/// <summary>The newest anchor checked against a chain: the row id and hash it recorded, and when.</summary>
public sealed record AnchorCheckView(long Id, string Hash, DateTimeOffset At);

/// <summary>The anchor file: how many lines, the newest good one, and each line that is not a good anchor.</summary>
public sealed record AnchorFileView(string File, int Lines, AnchorLineView? Latest, IReadOnlyList<string> Problems);

/// <summary>One signed anchor: each chain's head at <see cref="At"/>, and the signing key's fingerprint.</summary>
public sealed record AnchorLineView(DateTimeOffset At, string Key, IReadOnlyDictionary<string, AnchorHeadView> Heads);

/// <summary>A chain's head in an anchor: its row id and hash.</summary>
public sealed record AnchorHeadView(long Id, string Hash);
