using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Journal;

// Journal events of gates: approvals, deployment windows and their overrides. The event's actor is who did it
// (the engine, or the person approving, rejecting or overriding). Fields are only ever added.

/// <summary>An approval step began: <see cref="Approvers"/> members of <see cref="Role"/> must approve; <see cref="Deadline"/> is when <see cref="OnTimeout"/> applies.</summary>
public sealed record ApprovalRequested(int Index, string Stage, string Role, int Approvers, DateTimeOffset? Deadline, ApprovalTimeoutOutcome OnTimeout);

/// <summary>The event's actor approved the approval step <see cref="Index"/>.</summary>
public sealed record ApprovalGiven(int Index, string? Comment);

/// <summary>The event's actor rejected the approval step <see cref="Index"/>.</summary>
public sealed record ApprovalRejected(int Index, string Comment);

/// <summary>The approval's deadline passed undecided; <see cref="Outcome"/> is what the template said to do.</summary>
public sealed record ApprovalTimedOut(int Index, ApprovalTimeoutOutcome Outcome);

/// <summary>The engine settled approval step <see cref="Index"/>: approved (enough approvals, or timeout said so) or rejected.</summary>
public sealed record ApprovalDecided(int Index, bool Approved, string Reason);

/// <summary>Step <see cref="Index"/> may not start: its environment's calendar is closed (outside a window, or frozen) until <see cref="OpensAt"/>.</summary>
public sealed record WindowWaiting(int Index, string Stage, string Environment, DateTimeOffset? OpensAt, string Reason);

/// <summary>The event's actor let <see cref="Stage"/> deploy despite its calendar (<see cref="Gate"/> <c>window</c>), saying why.</summary>
public sealed record GateOverridden(int Index, string Stage, string Gate, string Reason);
