using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release watch ID [--timeout 30m]</c>: follows a release already started (by another job, a person, the
/// portal's UI) as <c>start --wait</c> does, from its first event, and exits with its outcome: 0, 10, 11, or 12 when the
/// timeout comes first. With <c>--output json</c> standard output is one JSON line per event (as <c>release events</c>
/// prints them) and the progress lines go to standard error.
/// </summary>
public static class ReleaseWatchCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var id = new Argument<string>("id") { Description = "The release's id." };
        var timeout = TimeoutOption.Create("How long to watch (30m, 1h30m, 90s); the release goes on after it.");
        var command = new Command("watch", "Follow a release's events live until it settles; exit with its outcome.") { id, timeout };
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var release = parsed.GetRequiredValue(id);
            var json = output == OutputFormat.Json;
            var progress = json ? new CliConsole(console.Error, console.Error, isTerminal: false) : console;
            progress.Line($"watching release {release}: {client.ReleasePage(release)}", "bold");
            var (_, code) = await ReleaseWaiter.WaitAsync(
                client, release, parsed.GetValue(timeout), progress, json ? e => JsonOutput.Line(console, e) : null, ct);
            return code;
        }, ct));
        return command;
    }
}
