using System.CommandLine;
using PortalRelease.Client;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// What a command on a release prints once the portal accepted it (202): the portal acts on it next. With
/// <c>--wait</c> the command then follows the release from its own event until it settles, and exits with the outcome
/// as <c>start --wait</c> does (0, 10, 11; 12 at <c>--timeout</c>).
/// </summary>
public static class ReleaseCommandOutput
{
    /// <summary>The <c>--wait</c> and <c>--timeout</c> options of a command that can follow the release it acted on.</summary>
    public sealed record WaitOptions(Option<bool> Wait, Option<TimeSpan> Timeout)
    {
        public static WaitOptions Create() => new(
            new Option<bool>("--wait") { Description = "Then follow the release and exit with its outcome: 0 promoted, 10 rolled back, 11 failed or aborted, 12 timed out." },
            TimeoutOption.Create("How long --wait waits (30m, 1h30m, 90s); the release goes on after it."));

        public void AddTo(Command command)
        {
            command.Options.Add(Wait);
            command.Options.Add(Timeout);
        }
    }

    public static int Accepted(CliConsole console, OutputFormat output, ReleaseCommandResponse accepted, Uri page)
    {
        if (output == OutputFormat.Json)
        {
            JsonOutput.Document(console, accepted);
        }
        else
        {
            console.Line($"release {accepted.Id}: {accepted.Command} accepted", "bold");
            console.Line($"  {page}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>
    /// <see cref="Accepted"/>, then with <c>--wait</c> release <paramref name="id"/> (the one the user named, whatever the
    /// answer says) followed from the command's own event (the answer's <c>lastSeq</c> is the last before it), so the
    /// history before the command is not printed again.
    /// </summary>
    public static async Task<int> AcceptedAsync(
        CliConsole console, OutputFormat output, string id, ReleaseCommandResponse accepted, PortalClient client, ParseResult parsed, WaitOptions wait, CancellationToken cancellationToken)
    {
        var page = client.ReleasePage(id);
        if (!parsed.GetValue(wait.Wait))
        {
            return Accepted(console, output, accepted, page);
        }
        var json = output == OutputFormat.Json;
        // In JSON mode standard output carries only the document; progress goes to the log on standard error.
        var progress = json ? new CliConsole(console.Error, console.Error, isTerminal: false) : console;
        progress.Line($"release {id}: {accepted.Command} accepted", "bold");
        progress.Line($"  {page}");
        try
        {
            var (release, code) = await ReleaseWaiter.WaitAsync(
                client, id, parsed.GetValue(wait.Timeout), progress, null, cancellationToken, Math.Max(0, accepted.LastSeq));
            if (json)
            {
                JsonOutput.Document(console, new SteeringResult(accepted, release.State, code, release));
            }
            return code;
        }
        catch (Exception error) when (json && Failures.Report(error, console, client.BaseAddress, cancellationToken) is { } code)
        {
            // The command was accepted: the pipeline still gets that and the exit code in a document, as start's.
            JsonOutput.Document(console, new SteeringResult(accepted, null, code, null, SafeText.Clean(error.Message)));
            return code;
        }
    }
}

/// <summary>
/// <c>--output json</c> of a command with <c>--wait</c>: what the portal accepted, the release's state when the command
/// ended, the process's exit code and the release then; when following it failed, no outcome or release but the error.
/// </summary>
public sealed record SteeringResult(ReleaseCommandResponse Accepted, string? Outcome, int ExitCode, ReleaseView? Release, string? Error = null);
