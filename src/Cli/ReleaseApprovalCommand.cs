using System.CommandLine;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release approve|reject ID [--comment TEXT]</c>: the caller's answer to the approval the release waits for.
/// The portal decides who may answer (a member of the gate's group, not the release's author): its refusal is printed,
/// exit 2 (409: nothing to approve, already approved) or 3 (403: this token may not). With <c>--wait</c> it then follows
/// the release to its outcome.
/// </summary>
public static class ReleaseApprovalCommand
{
    public static IEnumerable<Command> CreateAll(CommonOptions common, CliConsole console) =>
    [
        Create("approve", "Approve the gate a release waits at.", (c, id, comment, ct) => c.ApproveReleaseAsync(id, comment, ct), common, console),
        Create("reject", "Reject the gate a release waits at (the portal wants a --comment saying why); the release fails.", (c, id, comment, ct) => c.RejectReleaseAsync(id, comment, ct), common, console),
    ];

    private static Command Create(
        string name, string description, Func<PortalClient, string, string?, CancellationToken, Task<ReleaseCommandResponse>> send, CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var comment = new Option<string?>("--comment") { Description = "A comment for the release's journal (the author reads it)." };
        var command = new Command(name, description) { id, comment };
        var wait = ReleaseCommandOutput.WaitOptions.Create();
        wait.AddTo(command);
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var release = parsed.GetRequiredValue(id);
            var accepted = await send(client, release, parsed.GetValue(comment), ct);
            return await ReleaseCommandOutput.AcceptedAsync(console, output, release, accepted, client, parsed, wait, ct);
        }, ct));
        return command;
    }
}
