using System.CommandLine;
using PortalRelease.Contracts;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal template lint FILE…</c>: reads each template with the portal's own reader, offline, and reports every error
/// as <c>FILE:LINE:COL: error: …</c>. Exit 0 when every file is valid, 2 otherwise. Whether each target exists, and what
/// the plugins can do, only the portal knows: <c>template push</c> checks those.
/// </summary>
public static class TemplateLintCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var files = new Argument<string[]>("files") { Description = "The template files (YAML) to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("lint", "Check template files offline, as the portal reads them; errors as FILE:LINE:COL: error: MESSAGE.") { files };
        command.SetAction(parsed =>
        {
            var parser = new TemplateParser();
            var reports = parsed.GetRequiredValue(files).Select(file => Lint(parser, file)).ToList();
            var report = new TemplateLintReport(reports);
            if (parsed.GetValue(common.Output) == OutputFormat.Json)
            {
                JsonOutput.Document(console, report);
            }
            else
            {
                foreach (var file in reports)
                {
                    TemplateDiagnostics.Write(console, file);
                }
                var invalid = reports.Count(r => !r.Valid);
                var checkedFiles = reports.Count == 1 ? "1 template checked" : $"{reports.Count} templates checked";
                console.Line(invalid == 0
                    ? $"{checkedFiles}: no errors."
                    : $"{checkedFiles}: {TemplateDiagnostics.Count(reports.Sum(r => r.Errors.Count))} in {invalid} file{(invalid == 1 ? "" : "s")}.");
            }
            return report.Valid ? ExitCodes.Ok : ExitCodes.BadInput;
        });
        return command;
    }

    private static TemplateFileReport Lint(TemplateParser parser, string file)
    {
        if (TemplateFile.Read(file, out var unreadable) is not { } yaml)
        {
            return new TemplateFileReport(file, [unreadable!]);
        }
        var result = parser.Parse(yaml);
        return new TemplateFileReport(file, result.Errors.Select(e => new TemplateErrorView(e.Line, e.Column, e.Path, e.Message)).ToList());
    }
}
