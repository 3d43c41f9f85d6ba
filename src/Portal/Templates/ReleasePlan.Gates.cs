namespace PortalRelease.Portal.Templates;

/// <summary>
/// Wait until <see cref="Approvers"/> distinct members of <see cref="Role"/> (never the release's author) approve; one
/// rejection fails the release. After <see cref="Timeout"/>, <see cref="OnTimeout"/> decides.
/// </summary>
public sealed record ApprovalStep(string Role, int Approvers, TimeSpan? Timeout, ApprovalTimeoutOutcome OnTimeout) : PlanStep
{
    public override string Describe()
    {
        var who = Approvers == 1 ? $"1 approval from {Role}" : $"{Approvers} approvals from {Role}";
        var timeout = Timeout is { } t ? $", after {Durations.Format(t)} {OnTimeout.ToString().ToLowerInvariant()}" : "";
        return $"Await {who}{timeout}";
    }
}

public sealed partial record PlanStage
{
    /// <summary>The environment whose deployment calendar applies; null (plans stored before it existed, or not written) means the stage's name.</summary>
    public string? Environment { get; init; }

    /// <summary>The environment whose calendar holds this stage's steps.</summary>
    public string EnvironmentName() => Environment ?? Name;

    /// <summary>
    /// True when every target of the stage carried an environment label when the release was created (then
    /// <see cref="Environment"/> is that label, recorded here: relabelling a target later does not move a release).
    /// False, and absent in plans stored before labels existed, when one had none: access checks then treat the stage
    /// as every environment.
    /// </summary>
    public bool TargetsLabelled { get; init; }
}
