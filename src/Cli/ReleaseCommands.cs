using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal release …</c>: the commands of one release.</summary>
public static class ReleaseCommands
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var release = new Command("release", "Start, follow, steer and read releases.")
        {
            ReleaseStartCommand.Create(common, console),
            ReleaseWatchCommand.Create(common, console),
            ReleaseGetCommand.Create(common, console),
            ReleaseListCommand.Create(common, console),
            ReleaseEventsCommand.Create(common, console),
        };
        foreach (var command in ReleaseSteeringCommand.CreateAll(common, console).Concat(ReleaseApprovalCommand.CreateAll(common, console)))
        {
            release.Add(command);
        }
        release.Add(ReleaseOverrideCommand.Create(common, console));
        return release;
    }
}
