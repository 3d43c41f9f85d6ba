namespace PortalRelease.Contracts;

/// <summary>
/// The <c>400</c> problem of a rejected <c>POST /api/templates</c> (RFC 9457): its <see cref="Errors"/> are the places in
/// the YAML, not the per-field map of a validation problem (<see cref="ApiProblem"/>). <see cref="Errors"/> is empty when
/// the template could not be read at all (not UTF-8, too large).
/// </summary>
public sealed record TemplateProblem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyList<TemplateErrorView>? Errors);
