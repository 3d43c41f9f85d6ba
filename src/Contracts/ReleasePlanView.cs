using System.Text.Json;
using System.Text.Json.Serialization;

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
/// One stage of a plan. <see cref="Strategy"/> is served as a number (0 canary steps, see <see cref="PlanStrategy"/>).
/// <see cref="Wave"/> and <see cref="WaveCount"/> place a wave among its stage's waves.
/// </summary>
public sealed record PlanStageView(string Name, IReadOnlyList<string> Targets, IReadOnlyList<JsonElement> Steps)
{
    public string? Environment { get; init; }

    public bool TargetsLabelled { get; init; }

    /// <summary>How the stage moves its targets; a number on the wire, whatever the reader's enum convention.</summary>
    [JsonConverter(typeof(JsonNumberEnumConverter<PlanStrategy>))]
    public PlanStrategy Strategy { get; init; }

    public int Wave { get; init; }

    public int WaveCount { get; init; }

    public string? Component { get; init; }

    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>
/// How a stage moves a target to the new version, as the number the API serves. A number not listed here is a strategy
/// added to the portal after this client: it reads as that number.
/// </summary>
public enum PlanStrategy
{
    /// <summary>A canary cohort gets part of the traffic, step by step, then the new version becomes stable.</summary>
    Canary = 0,

    /// <summary>The new version runs beside the old as a preview, then takes all traffic at once.</summary>
    BlueGreen = 1,

    /// <summary>Instances are replaced batch by batch.</summary>
    Rolling = 2,

    /// <summary>Every instance is replaced at once.</summary>
    AllAtOnce = 3,
}
