using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal template …</c>: check template files offline, and store them in the portal.</summary>
public static class TemplateCommands
{
    public static Command Create(CommonOptions common, CliConsole console) =>
        new("template", "Check release templates offline (lint) and store them in the portal (push).")
        {
            TemplateLintCommand.Create(common, console),
            TemplatePushCommand.Create(common, console),
        };
}
