using System.CommandLine;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>The <c>--output json</c> document of a stored <c>template push</c>: the file, whether a new version was created, the version.</summary>
public sealed record TemplatePushReport(string File, bool Created, TemplateView Template);

/// <summary>
/// <c>portal template push FILE</c>: stores the template in the portal (<c>POST /api/templates</c>) as its next version.
/// A template the portal refuses exits 2 with its errors as <c>FILE:LINE:COL: error: …</c>, like <c>template lint</c>.
/// </summary>
public static class TemplatePushCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var file = new Argument<string>("file") { Description = "The template file (YAML) to store." };
        var command = new Command("push", "Store a template file in the portal as the template's next version (admins only).") { file };
        command.SetAction((parsed, ct) =>
        {
            var path = parsed.GetRequiredValue(file);
            var json = parsed.GetValue(common.Output) == OutputFormat.Json;
            if (TemplateFile.Read(path, out var unreadable) is not { } yaml)
            {
                // Nothing to send: said here, as lint says it, without asking the portal.
                return Task.FromResult(Refused(console, json, new TemplateFileReport(path, [unreadable!])));
            }
            return CommandRun.RunAsync(parsed, common, console, async (client, _) =>
            {
                TemplatePushResult pushed;
                try
                {
                    pushed = await client.PushTemplateAsync(yaml, ct);
                }
                catch (PortalApiException refused) when (refused.TemplateErrors.Count > 0)
                {
                    console.ErrorLine($"error: {refused.Problem?.Detail ?? refused.Message}");
                    return Refused(console, json, new TemplateFileReport(path, refused.TemplateErrors));
                }
                var template = pushed.Template;
                if (json)
                {
                    JsonOutput.Document(console, new TemplatePushReport(path, pushed.Created, template));
                }
                else
                {
                    console.Line(pushed.Created
                        ? $"template {template.Name} version {template.Version} stored from {path}."
                        : $"template {template.Name} version {template.Version} unchanged: the portal holds this YAML already.", "green");
                }
                return ExitCodes.Ok;
            }, ct);
        });
        return command;
    }

    private static int Refused(CliConsole console, bool json, TemplateFileReport report)
    {
        if (json)
        {
            JsonOutput.Document(console, new TemplateLintReport([report]));
        }
        else
        {
            TemplateDiagnostics.Write(console, report);
        }
        return ExitCodes.BadInput;
    }
}
