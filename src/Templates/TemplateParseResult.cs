namespace PortalRelease.Portal.Templates;

/// <summary>The outcome of <see cref="TemplateParser.Parse"/>: a template, or every error found (never both).</summary>
public sealed record TemplateParseResult(ReleaseTemplate? Template, IReadOnlyList<TemplateError> Errors)
{
    public bool Succeeded => Template is not null;
}
