namespace PortalRelease.Portal.Data;

public sealed record TemplateRecord(string Name, long Version, string? Description, string Yaml, DateTimeOffset CreatedAt, string CreatedBy);

/// <summary>A configured target. <paramref name="Secrets"/> is the Data Protection payload, never plain text.</summary>
public sealed record TargetRecord(string Name, string Kind, string Settings, DateTimeOffset CreatedAt, string? Secrets = null, DateTimeOffset? UpdatedAt = null);

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
