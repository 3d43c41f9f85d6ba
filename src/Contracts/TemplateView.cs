namespace PortalRelease.Contracts;

/// <summary>
/// A stored template version, as <c>GET /api/templates</c>, <c>GET /api/templates/{name}</c> (with <see cref="Yaml"/>)
/// and <c>POST /api/templates</c> answer it. <see cref="Service"/> and <see cref="Team"/> come from the service catalog.
/// </summary>
public sealed record TemplateView(
    string Name, long Version, string? Description, DateTimeOffset CreatedAt, string CreatedBy, string? Yaml = null, string? Service = null, string? Team = null);

/// <summary>
/// One problem in a template's YAML, where it is: 1-based <see cref="Line"/> and <see cref="Column"/>, the value it
/// concerns (<see cref="Path"/>, e.g. <c>stages[0].steps[2].analysis.interval</c>; empty for the document) and what is wrong.
/// A rejected <c>POST /api/templates</c> lists them in its problem's <c>errors</c>.
/// </summary>
public sealed record TemplateErrorView(int Line, int Column, string Path, string Message);
