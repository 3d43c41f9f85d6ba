namespace PortalRelease.Portal.Templates;

/// <summary>The service level objectives of the template's service (<c>slos:</c>).</summary>
public sealed partial record ReleaseTemplate
{
    public IReadOnlyList<SloDefinition> Slos { get; init; } = [];
}
