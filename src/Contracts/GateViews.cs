namespace PortalRelease.Contracts;

/// <summary>
/// A release's gates as <c>GET /api/releases/{id}/gates</c> serves them: its approval steps (open and decided), the
/// calendar window it waits for (if any) and the overrides people made.
/// </summary>
public sealed record ReleaseGatesView(
    bool AwaitingApproval,
    IReadOnlyList<ApprovalView> Approvals,
    WindowWaitView? WindowWait,
    IReadOnlyList<GateOverrideView> Overrides);

/// <summary>
/// One approval step: who must approve (<see cref="Role"/>, <see cref="Required"/> of them), by when, and what happens
/// then (<see cref="OnTimeout"/>: <c>reject</c> or <c>approve</c>). <see cref="Approved"/> and <see cref="Decision"/>
/// are set once it is decided.
/// </summary>
public sealed record ApprovalView(
    int Step,
    string Stage,
    string Role,
    int Required,
    DateTimeOffset RequestedAt,
    DateTimeOffset? Deadline,
    string OnTimeout,
    IReadOnlyList<ApprovalAnswerView> Approvals,
    ApprovalAnswerView? Rejection,
    bool Open,
    bool? Approved,
    string? Decision);

/// <summary>One person's approval or rejection.</summary>
public sealed record ApprovalAnswerView(string By, string? Comment, DateTimeOffset At);

/// <summary>The calendar wait of a stage: its environment's window is closed (or frozen) until <see cref="OpensAt"/>.</summary>
public sealed record WindowWaitView(int Step, string Stage, string Environment, DateTimeOffset? OpensAt, string Reason);

/// <summary>A gate someone let a stage past (<see cref="Gate"/>: <c>window</c> or <c>error-budget</c>), and why.</summary>
public sealed record GateOverrideView(int Step, string Stage, string Gate, string Reason, string By, DateTimeOffset At);

/// <summary>
/// An approval that waits for the caller, as <c>GET /api/approvals</c> lists it: the release, its author and the open
/// approval step, with everyone who may answer it.
/// </summary>
public sealed record PendingApprovalView(
    string ReleaseId,
    string Template,
    string Service,
    string Version,
    string Author,
    ApprovalView Approval,
    IReadOnlyList<string> Approvers);
