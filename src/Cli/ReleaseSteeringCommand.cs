using System.CommandLine;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release pause|resume|abort|rollback ID [--reason TEXT]</c>: one command each, all the same shape. The reason
/// goes into the release's journal. Exit 0 when the portal accepted the command; a command the release's state does not
/// allow (resuming a release that is not paused, aborting a settled one) is refused with the portal's words, exit 2.
/// Every one but pause takes <c>--wait</c>: then it follows the release to its outcome and exits with it.
/// </summary>
public static class ReleaseSteeringCommand
{
    public static IEnumerable<Command> CreateAll(CommonOptions common, CliConsole console) =>
    [
        Create("pause", "Hold a release where it is until someone resumes it.", (c, id, why, ct) => c.PauseReleaseAsync(id, why, ct), common, console),
        Create("resume", "Go on with a paused release (paused by a person or by its template).", (c, id, why, ct) => c.ResumeReleaseAsync(id, why, ct), common, console),
        Create("abort", "Stop a release and put its targets back; it ends Aborted (exit 11 for a watcher).", (c, id, why, ct) => c.AbortReleaseAsync(id, why, ct), common, console),
        Create("rollback", "Return a release's targets to the version before; it ends RolledBack (exit 10 for a watcher).", (c, id, why, ct) => c.RollbackReleaseAsync(id, why, ct), common, console),
    ];

    private static Command Create(
        string name, string description, Func<PortalClient, string, string?, CancellationToken, Task<ReleaseCommandResponse>> send, CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var reason = new Option<string?>("--reason") { Description = "Why, for the release's journal and the people who read it." };
        var command = new Command(name, description) { id, reason };
        // Pausing never settles a release: following it would only run into the timeout.
        var wait = name == "pause" ? null : ReleaseCommandOutput.WaitOptions.Create();
        wait?.AddTo(command);
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var release = parsed.GetRequiredValue(id);
            var accepted = await send(client, release, parsed.GetValue(reason), ct);
            return wait is null
                ? ReleaseCommandOutput.Accepted(console, output, accepted, client.ReleasePage(release))
                : await ReleaseCommandOutput.AcceptedAsync(console, output, release, accepted, client, parsed, wait, ct);
        }, ct));
        return command;
    }
}
