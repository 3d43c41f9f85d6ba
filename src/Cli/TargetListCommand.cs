using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary><c>portal target list</c>: every target with its kind, environment, team and whether its driver is loaded.</summary>
public static class TargetListCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("list", "List deployment targets: name, kind, environment, team, driver.");
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var targets = await client.ListTargetsAsync(ct);
            if (output == OutputFormat.Json)
            {
                JsonOutput.Document(console, targets);
                return ExitCodes.Ok;
            }
            TextTable.Write(console, ["NAME", "KIND", "ENVIRONMENT", "TEAM", "DRIVER"], targets.Select(t => new[]
            {
                t.Name, t.Kind, t.Environment ?? "-", t.Team ?? "-", t.DriverLoaded ? t.DriverName ?? "loaded" : "not loaded",
            }));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
