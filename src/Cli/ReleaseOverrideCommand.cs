using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release override ID --gate window|error-budget --reason TEXT</c>: lets a stage held by a closed deployment
/// window, a freeze or a spent error budget deploy now. The reason is required and journaled; a release that waits at
/// no such gate, or at the other one, is refused with the portal's words (exit 2).
/// </summary>
public static class ReleaseOverrideCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var gate = new Option<string>("--gate")
        {
            Description = "The gate the release waits at: window (a deployment window or a freeze) or error-budget.",
            Required = true,
        };
        // Offered for completion, not enforced: the portal names the gates it knows, and its refusal says which one.
        gate.CompletionSources.Add("window", "error-budget");
        var reason = new Option<string>("--reason") { Description = "Why it may deploy now; kept in the release's journal.", Required = true };
        var command = new Command("override", "Deploy now past the window, freeze or error budget a release waits for.") { id, gate, reason };
        var wait = ReleaseCommandOutput.WaitOptions.Create();
        wait.AddTo(command);
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var release = parsed.GetRequiredValue(id);
            var accepted = await client.OverrideGateAsync(release, parsed.GetRequiredValue(gate), parsed.GetRequiredValue(reason), ct);
            return await ReleaseCommandOutput.AcceptedAsync(console, output, release, accepted, client, parsed, wait, ct);
        }, ct));
        return command;
    }
}
