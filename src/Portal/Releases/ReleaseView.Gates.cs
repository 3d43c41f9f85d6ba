using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

/// <summary>Gates: approvals (who approved, who rejected), calendar waits and overrides, folded from the journal.</summary>
public sealed partial class ReleaseView
{
    private readonly Dictionary<int, ApprovalState> _approvals = [];
    private readonly List<OverrideEntry> _overrides = [];

    /// <summary>One approval step: what it asked for and every answer so far, in order.</summary>
    public sealed class ApprovalState(ApprovalRequested request, DateTimeOffset requestedAt)
    {
        public ApprovalRequested Request { get; } = request;

        public DateTimeOffset RequestedAt { get; } = requestedAt;

        public List<ApprovalAnswer> Approvals { get; } = [];

        public ApprovalAnswer? Rejection { get; internal set; }

        public ApprovalTimeoutOutcome? TimedOut { get; internal set; }

        public ApprovalDecided? Decision { get; internal set; }

        public bool IsOpen => Decision is null;

        public bool HasApproved(string user) => Approvals.Any(a => string.Equals(a.By, user, StringComparison.Ordinal));
    }

    public sealed record ApprovalAnswer(string By, string? Comment, DateTimeOffset At);

    public sealed record OverrideEntry(GateOverridden Override, string By, DateTimeOffset At);

    public IReadOnlyDictionary<int, ApprovalState> Approvals => _approvals;

    /// <summary>The approval the release waits for now, if any.</summary>
    public ApprovalState? PendingApproval => IsFinal || PendingRollback is not null ? null : _approvals.Values.FirstOrDefault(a => a.IsOpen);

    /// <summary>The "awaiting approval" sub-state.</summary>
    public bool IsAwaitingApproval => PendingApproval is not null;

    /// <summary>The calendar wait in force: the step that may not start yet and why; null when not waiting.</summary>
    public WindowWaiting? WindowWait { get; private set; }

    public IReadOnlyList<OverrideEntry> Overrides => _overrides;

    /// <summary>The gate sub-state in words, the same in the API and on the pages: awaiting approval, or the calendar wait.</summary>
    public string? GateSubState =>
        IsAwaitingApproval ? "Awaiting approval"
        : WindowWait is { Reason: { Length: > 0 } reason } ? char.ToUpperInvariant(reason[0]) + reason[1..]
        : null;

    public bool IsOverridden(string stage, string gate) =>
        _overrides.Any(o => o.Override.Stage == stage && o.Override.Gate == gate);

    public ApprovalState? Approval(int step) => _approvals.GetValueOrDefault(step);

    private void ApplyGates(JournalEvent e)
    {
        switch (e.Type)
        {
            case nameof(ApprovalRequested):
                var request = e.Payload<ApprovalRequested>();
                _approvals[request.Index] = new ApprovalState(request, e.At);
                break;
            case nameof(ApprovalGiven):
                var given = e.Payload<ApprovalGiven>();
                _approvals.GetValueOrDefault(given.Index)?.Approvals.Add(new ApprovalAnswer(e.Actor ?? "unknown", given.Comment, e.At));
                break;
            case nameof(ApprovalRejected):
                var rejected = e.Payload<ApprovalRejected>();
                if (_approvals.GetValueOrDefault(rejected.Index) is { } state)
                {
                    state.Rejection ??= new ApprovalAnswer(e.Actor ?? "unknown", rejected.Comment, e.At);
                }
                break;
            case nameof(ApprovalTimedOut):
                var timedOut = e.Payload<ApprovalTimedOut>();
                if (_approvals.GetValueOrDefault(timedOut.Index) is { } late)
                {
                    late.TimedOut = timedOut.Outcome;
                }
                break;
            case nameof(ApprovalDecided):
                var decided = e.Payload<ApprovalDecided>();
                if (_approvals.GetValueOrDefault(decided.Index) is { } settled)
                {
                    settled.Decision = decided;
                }
                break;
            case nameof(WindowWaiting):
                WindowWait = e.Payload<WindowWaiting>();
                break;
            case nameof(GateOverridden):
                var overridden = e.Payload<GateOverridden>();
                _overrides.Add(new OverrideEntry(overridden, e.Actor ?? "unknown", e.At));
                if (WindowWait?.Stage == overridden.Stage)
                {
                    WindowWait = null;
                }
                break;
            case nameof(StepStarted):
                if (WindowWait?.Index == e.Payload<StepStarted>().Index)
                {
                    WindowWait = null;
                }
                break;
            default:
                break;
        }
        if (IsFinal)
        {
            WindowWait = null;
        }
    }
}
