using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

public sealed record ApprovalBody(string? Comment);

public sealed record OverrideBody(string? Gate, string? Reason);

public sealed record QuarantineBody(string? Service, string? Version, string? Reason);

public sealed record LiftBody(string? Reason);

public sealed record ApprovalAnswerDto(string By, string? Comment, DateTimeOffset At);

/// <summary>One approval step as the API shows it.</summary>
public sealed record ApprovalDto(
    int Step,
    string Stage,
    string Role,
    int Required,
    DateTimeOffset RequestedAt,
    DateTimeOffset? Deadline,
    string OnTimeout,
    IReadOnlyList<ApprovalAnswerDto> Approvals,
    ApprovalAnswerDto? Rejection,
    bool Open,
    bool? Approved,
    string? Decision)
{
    public static ApprovalDto From(ReleaseView.ApprovalState state) => new(
        state.Request.Index,
        state.Request.Stage,
        state.Request.Role,
        state.Request.Approvers,
        state.RequestedAt,
        state.Request.Deadline,
        state.Request.OnTimeout.ToString().ToLowerInvariant(),
        state.Approvals.Select(a => new ApprovalAnswerDto(a.By, a.Comment, a.At)).ToList(),
        state.Rejection is { } r ? new ApprovalAnswerDto(r.By, r.Comment, r.At) : null,
        state.IsOpen,
        state.Decision?.Approved,
        state.Decision?.Reason);
}

/// <summary>What waits for the acting user: the release and its approval.</summary>
public sealed record PendingApprovalDto(
    string ReleaseId,
    string Template,
    string Service,
    string Version,
    string Author,
    ApprovalDto Approval,
    IReadOnlyList<string> Approvers)
{
    public static PendingApprovalDto From(PendingApproval pending) => new(
        pending.Release.Id,
        pending.Release.TemplateName,
        pending.Service,
        pending.Release.Version,
        pending.Release.CreatedBy,
        ApprovalDto.From(pending.Approval),
        pending.Approvers);
}

public sealed record OverrideDto(int Step, string Stage, string Gate, string Reason, string By, DateTimeOffset At);

public sealed record WindowWaitDto(int Step, string Stage, string Environment, DateTimeOffset? OpensAt, string Reason);

/// <summary>A release's gates: approvals, the calendar wait and overrides.</summary>
public sealed record GatesDto(bool AwaitingApproval, IReadOnlyList<ApprovalDto> Approvals, WindowWaitDto? WindowWait, IReadOnlyList<OverrideDto> Overrides)
{
    public static GatesDto From(ReleaseView view) => new(
        view.IsAwaitingApproval,
        view.Approvals.Values.OrderBy(a => a.Request.Index).Select(ApprovalDto.From).ToList(),
        view.WindowWait is { } w ? new WindowWaitDto(w.Index, w.Stage, w.Environment, w.OpensAt, w.Reason) : null,
        view.Overrides.Select(o => new OverrideDto(o.Override.Index, o.Override.Stage, o.Override.Gate, o.Override.Reason, o.By, o.At)).ToList());
}

public sealed record QuarantineDto(long Id, string Service, string Version, string Action, string Reason, string By, DateTimeOffset At)
{
    public static QuarantineDto From(QuarantineRecord record) =>
        new(record.Id, record.Service, record.Version, record.Action, record.Reason, record.Actor, record.At);
}
