namespace PortalRelease.Portal.Templates;

/// <summary>
/// A manual approval as written (<c>approval: { role, approvers, timeout, onTimeout }</c>), as a step or as a stage's
/// gate; raw values may be placeholders.
/// </summary>
public sealed record ApprovalDefinition(string Role, string? Approvers, string? Timeout, ApprovalTimeoutOutcome OnTimeout, int Line, int Column)
    : StepDefinition(Line, Column);

/// <summary>What an approval that nobody decided in time does (<c>onTimeout</c>).</summary>
public enum ApprovalTimeoutOutcome
{
    /// <summary>The release fails as if rejected (the default: nobody said yes).</summary>
    Reject,

    /// <summary>The release pauses; approvals still count and a person resumes it.</summary>
    Pause,

    /// <summary>The release goes on as if approved.</summary>
    Approve,
}

/// <summary>The gates a stage declares besides its steps.</summary>
public sealed partial record StageDefinition
{
    /// <summary>The environment whose deployment calendar (windows, freezes) applies; null means the stage's name.</summary>
    public string? Environment { get; init; }

    /// <summary>An approval asked for before the stage's first step.</summary>
    public ApprovalDefinition? Approval { get; init; }
}
