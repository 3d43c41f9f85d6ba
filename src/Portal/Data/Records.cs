namespace PortalRelease.Portal.Data;

public sealed record TemplateRecord(string Name, long Version, string? Description, string Yaml, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A configured target. <paramref name="Secrets"/> is the Data Protection payload, never plain text.</summary>
public sealed record TargetRecord(string Name, string Kind, string Settings, DateTimeOffset CreatedAt, string? Secrets = null, DateTimeOffset? UpdatedAt = null)
{
    /// <summary>The environment the target deploys to; null when unlabelled (only grants for every environment cover it).</summary>
    public string? Environment { get; init; }

    /// <summary>The team (a group name) owning the target; null when unlabelled (only grants for every team cover it).</summary>
    public string? Team { get; init; }
}

/// <summary>The immutable facts of a release: what was asked for. What happened is in the journal.</summary>
public sealed record ReleaseRecord(
    string Id,
    string TemplateName,
    long TemplateVersion,
    string Version,
    string Parameters,
    string Plan,
    DateTimeOffset CreatedAt,
    string CreatedBy);
