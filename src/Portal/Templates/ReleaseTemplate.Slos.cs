namespace PortalRelease.Portal.Templates;

/// <summary>The service level objectives of the template's service (<c>slos:</c>).</summary>
public sealed partial record ReleaseTemplate
{
    public IReadOnlyList<SloDefinition> Slos { get; init; } = [];
}

/// <summary>The SLOs a release checks its burn rate and error budget against; copied from the template.</summary>
public sealed partial record ReleasePlan
{
    public IReadOnlyList<SloDefinition> Slos { get; init; } = [];
}
