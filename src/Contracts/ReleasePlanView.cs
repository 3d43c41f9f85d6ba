using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// The plan a release runs, as stored when it was created: stages in order, each with its targets and steps.
/// A step is kept as JSON (its <c>kind</c> names it: setWeight, pause, analysis, approval, …) so a step kind added
/// to the portal never breaks an older client; so are the rollback policy and the SLOs.
/// </summary>
public sealed record ReleasePlanView(IReadOnlyList<PlanStageView> Stages, JsonElement Rollback)
{
    /// <summary>The service the release ships (null in plans stored before it was recorded: the template's name).</summary>
    public string? Service { get; init; }

    public int StepCount { get; init; }

    public IReadOnlyList<JsonElement> Slos { get; init; } = [];
}

/// <summary>
/// One stage of a plan. <see cref="Strategy"/> is served as the portal's enum number today (0 canary steps), so it is
/// kept as JSON until the API names it. <see cref="Wave"/> and <see cref="WaveCount"/> place a wave among its stage's waves.
/// </summary>
public sealed record PlanStageView(string Name, IReadOnlyList<string> Targets, IReadOnlyList<JsonElement> Steps)
{
    public string? Environment { get; init; }

    public bool TargetsLabelled { get; init; }

    public JsonElement Strategy { get; init; }

    public int Wave { get; init; }

    public int WaveCount { get; init; }

    public string? Component { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
}
