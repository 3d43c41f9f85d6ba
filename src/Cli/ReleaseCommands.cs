using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal release …</c>: the commands of one release.</summary>
public static class ReleaseCommands
{
    public static Command Create(CommonOptions common, CliConsole console) =>
        new("release", "Start a release, read it and its journal.")
        {
            ReleaseStartCommand.Create(common, console),
            ReleaseGetCommand.Create(common, console),
            ReleaseEventsCommand.Create(common, console),
        };
}
