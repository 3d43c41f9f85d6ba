namespace PortalRelease.Portal.Templates;

/// <summary>The SLOs a release checks its burn rate and error budget against; copied from the template.</summary>
public sealed partial record ReleasePlan
{
    public IReadOnlyList<SloDefinition> Slos { get; init; } = [];
}
