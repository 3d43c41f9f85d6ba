namespace PortalRelease.Portal.Templates;

/// <summary>
/// One problem in a template's YAML text: where it is (1-based <paramref name="Line"/> and <paramref name="Column"/>),
/// which value it concerns (<paramref name="Path"/>, e.g. <c>stages[0].steps[2].analysis.interval</c>; empty for the
/// document itself) and what is wrong.
/// </summary>
public sealed record TemplateError(int Line, int Column, string Path, string Message)
{
    public override string ToString() => Path.Length == 0
        ? $"line {Line}, column {Column}: {Message}"
        : $"line {Line}, column {Column}, {Path}: {Message}";
}
