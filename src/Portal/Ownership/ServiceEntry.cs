namespace PortalRelease.Portal.Ownership;

/// <summary>One service of the catalog: its owning team (a group name) and who registered and last changed it.</summary>
public sealed record ServiceEntry(
    string Name,
    string Team,
    string Description,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string UpdatedBy,
    DateTimeOffset UpdatedAt);
