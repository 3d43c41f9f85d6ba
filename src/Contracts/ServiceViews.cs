namespace PortalRelease.Contracts;

/// <summary>One service of the catalog (<c>/api/services</c>): its owning team (a group name) and who registered and last changed it.</summary>
public sealed record ServiceEntryView(
    string Name, string Team, string Description, string CreatedBy, DateTimeOffset CreatedAt, string UpdatedBy, DateTimeOffset UpdatedAt);

/// <summary>The body of <c>PUT /api/services/{name}</c>: the owning team (required) and a one-line description.</summary>
public sealed record ServiceRequest(string? Team, string? Description);
