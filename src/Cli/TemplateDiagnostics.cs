using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>The errors of one template file, as <c>template lint</c> and a refused <c>template push</c> report them.</summary>
public sealed record TemplateFileReport(string File, IReadOnlyList<TemplateErrorView> Errors)
{
    public bool Valid => Errors.Count == 0;
}

/// <summary>The <c>--output json</c> document of <c>template lint</c> (and of a refused <c>template push</c>).</summary>
public sealed record TemplateLintReport(IReadOnlyList<TemplateFileReport> Files)
{
    public bool Valid => Files.All(f => f.Valid);
}

/// <summary>
/// Template errors as compilers write them, <c>FILE:LINE:COL: error: PATH: MESSAGE</c>: editors jump to them and CI
/// systems annotate them (a GitHub Actions problem matcher, docs/ci.md). Each line is safe text (<see cref="SafeText"/>).
/// </summary>
public static class TemplateDiagnostics
{
    public static void Write(CliConsole console, TemplateFileReport file)
    {
        foreach (var e in file.Errors)
        {
            console.Line(Format(file.File, e));
        }
    }

    public static string Format(string file, TemplateErrorView error) =>
        $"{file}:{error.Line}:{error.Column}: error: {(string.IsNullOrEmpty(error.Path) ? "" : $"{error.Path}: ")}{error.Message}";

    public static string Count(int errors) => errors == 1 ? "1 error" : $"{errors} errors";
}
