namespace PortalRelease.Contracts;

/// <summary>
/// The 202 answer of a command on a release (<c>pause</c>, <c>resume</c>, <c>abort</c>, <c>rollback</c>, <c>approve</c>,
/// <c>reject</c>, <c>override</c>): the command was journaled; the engine acts on it next. <see cref="LastSeq"/> is the
/// release's last sequence number when the command was decided, so the command's own event comes after it.
/// </summary>
public sealed record ReleaseCommandResponse(string Id, string Command, long LastSeq);

/// <summary>The body of <c>pause</c>, <c>resume</c>, <c>abort</c> and <c>rollback</c>: why, for the journal (optional).</summary>
public sealed record ReleaseCommandRequest(string? Reason = null);

/// <summary>The body of <c>approve</c> and <c>reject</c> (a rejection needs a comment: the author reads it).</summary>
public sealed record ApprovalRequest(string? Comment = null);

/// <summary>
/// The body of <c>override</c>: lets a stage held by its calendar deploy now. <see cref="Gate"/> is <c>window</c> or
/// <c>error-budget</c> (the one it waits at); the reason is required and journaled.
/// </summary>
public sealed record OverrideRequest(string Gate, string Reason);
