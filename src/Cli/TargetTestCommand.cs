using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal target test NAME</c>: the portal asks the target's driver for its status with the stored settings and
/// credentials ("Test connection" on the Targets page). Exit 0 when the target is Healthy or Degraded, 4
/// (<see cref="ExitCodes.TargetTestFailed"/>) when the test ran and it is not (unreachable, unhealthy, no driver loaded);
/// an unknown target is 2, a token that may not test it 3.
/// </summary>
public static class TargetTestCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var name = new Argument<string>("name") { Description = "The target's name." };
        var command = new Command("test", "Test a target's connection: exit 0 when healthy or degraded, 4 when not.") { name };
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var target = parsed.GetRequiredValue(name);
            var result = await client.TestTargetAsync(target, ct);
            var code = result.Ok ? ExitCodes.Ok : ExitCodes.TargetTestFailed;
            if (output == OutputFormat.Json)
            {
                JsonOutput.Document(console, result);
                return code;
            }
            console.Line($"target {target}: {result.Health}{(result.Ok ? "" : " (test failed)")} in {result.ElapsedMs} ms", result.Ok ? "green" : "red");
            if (result.Detail is { Length: > 0 } detail)
            {
                console.Line($"  {detail}");
            }
            if (result.Ok)
            {
                console.Line($"  ready: {(result.Ready ? "yes" : "no")}; stable {result.StableVersion ?? "-"}; canary {result.CanaryVersion ?? "-"} at {result.CanaryWeight}%");
            }
            return code;
        }, ct));
        return command;
    }
}
