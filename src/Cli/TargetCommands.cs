using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal target …</c>: the deployment targets releases go to.</summary>
public static class TargetCommands
{
    public static Command Create(CommonOptions common, CliConsole console) =>
        new("target", "List deployment targets and test their connection.")
        {
            TargetListCommand.Create(common, console),
            TargetTestCommand.Create(common, console),
        };
}
