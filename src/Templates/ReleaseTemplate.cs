namespace PortalRelease.Portal.Templates;

/// <summary>A parsed, validated template. Values may still hold <c>{{ parameter }}</c> placeholders.</summary>
public sealed partial record ReleaseTemplate(
    string Name,
    string? Description,
    IReadOnlyList<TemplateParameter> Parameters,
    IReadOnlyList<StageDefinition> Stages,
    RollbackPolicy Rollback)
{
    /// <summary>The service this template ships (<c>service:</c>); incidents name it. Null means the template's name.</summary>
    public string? Service { get; init; }
}

public enum ParameterType
{
    String,
    Int,
    Number,
    Bool,
    Duration,
    Choice,
}

/// <summary>A typed template parameter; the wizard generates one form field per parameter.</summary>
public sealed record TemplateParameter(
    string Name,
    ParameterType Type,
    string? Description,
    object? Default,
    bool Required,
    double? Min,
    double? Max,
    IReadOnlyList<string> Options);

/// <summary>An environment: a set of targets taken through the same steps together.</summary>
public sealed partial record StageDefinition(string Name, IReadOnlyList<string> Targets, IReadOnlyList<StepDefinition> Steps)
{
    /// <summary>Where each entry of <see cref="Targets"/> was written (same order); empty when the stage was not parsed from YAML.</summary>
    public IReadOnlyList<TemplateLocation> TargetLocations { get; init; } = [];
}

/// <summary>A 1-based line and column in a template's YAML text.</summary>
public readonly record struct TemplateLocation(int Line, int Column);

/// <summary>One canary step as written in the template; raw values may be placeholders.</summary>
public abstract record StepDefinition(int Line, int Column);

public sealed record SetWeightDefinition(string Weight, int Line, int Column) : StepDefinition(Line, Column);

/// <summary>A pause for <see cref="Duration"/>, or until a person resumes when it is null.</summary>
public sealed record PauseDefinition(string? Duration, int Line, int Column) : StepDefinition(Line, Column);

public sealed record AnalysisDefinition(
    string Metric,
    string? Provider,
    string? Max,
    string? Min,
    string Interval,
    string Count,
    string FailureLimit,
    string? MinSampleSize,
    int Line,
    int Column,
    string? ConsecutiveFailureLimit = null,
    string? InconclusiveLimit = null,
    BaselineDefinition? Baseline = null) : StepDefinition(Line, Column);

/// <summary>When the engine rolls back on its own; <see cref="OnIncident"/> is what a firing alert on the service does.</summary>
public sealed partial record RollbackPolicy(bool OnAnalysisFailure, IncidentAction OnIncident = IncidentAction.Pause);

/// <summary>What a firing alert for a release's service does to it (<c>rollback.onIncident</c>).</summary>
public enum IncidentAction
{
    Pause,
    Rollback,
}
