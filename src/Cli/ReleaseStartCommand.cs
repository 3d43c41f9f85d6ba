using System.CommandLine;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release start TEMPLATE --version V [--param k=v]… [--meta k=v]… [--idempotency-key K] [--wait] [--timeout 30m]</c>.
/// Without <c>--wait</c> it exits 0 once the release is created; with it, the exit code is the outcome (<see cref="ExitCodes"/>).
/// </summary>
public static class ReleaseStartCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var template = new Argument<string>("template") { Description = "The template to release with, e.g. quick-canary." };
        var version = new Option<string>("--version") { Description = "The artifact version to release, e.g. 1.4.2.", Required = true };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A template parameter, NAME=VALUE; repeat for more. A value that reads as JSON is sent as such (0.05, true, \"10\").",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var meta = new Option<string[]>("--meta")
        {
            Description = "Delivery metadata, KEY=VALUE with KEY one of team, service, commit (the commit's time, ISO-8601 with a zone), "
                + "build (the build's time) or fixes (the release id it fixes); repeat it, or give several after one --meta.",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = true,
        };
        var key = new Option<string?>("--idempotency-key")
        {
            Description = "Makes a retry safe: the same key with the same request answers the release already started (e.g. the CI run's id).",
        };
        var wait = new Option<bool>("--wait") { Description = "Follow the release and exit with its outcome: 0 promoted, 10 rolled back, 11 failed or aborted, 12 timed out." };
        var timeout = TimeoutOption.Create("How long --wait waits (30m, 1h30m, 90s); the release goes on after it.");
        var command = new Command("start", "Start a release from a template; with --wait, follow it to its outcome.")
        {
            template, version, parameters, meta, key, wait, timeout,
        };
        command.SetAction((parsed, ct) =>
        {
            var values = ParameterValues.Parse(parsed.GetValue(parameters) ?? [], out var error);
            if (values is null)
            {
                console.ErrorLine($"error: {error}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var metadata = MetadataValues.Parse(parsed.GetValue(meta) ?? [], out error);
            if (error is not null)
            {
                console.ErrorLine($"error: {error}");
                return Task.FromResult(ExitCodes.BadInput);
            }
            var request = new CreateReleaseRequest(parsed.GetRequiredValue(template), parsed.GetRequiredValue(version), values, metadata);
            return CommandRun.RunAsync(parsed, common, console, async (client, output) =>
            {
                var created = await client.CreateReleaseAsync(request, parsed.GetValue(key), ct);
                // A portal (or a proxy) may leave out waitsFor or send it null; reading it must not end the command.
                var waitsFor = (IReadOnlyList<GateWait>?)created.WaitsFor ?? [];
                var page = client.ReleasePage(created.Id);
                // In JSON mode standard output carries only the document; progress goes to the log on standard error.
                var progress = output == OutputFormat.Json ? new CliConsole(console.Error, console.Error, isTerminal: false) : console;
                progress.Line($"release {created.Id} started: {request.Template} {request.Version}", "bold");
                progress.Line($"  {page}");
                foreach (var gate in waitsFor)
                {
                    progress.Line($"  waits for {gate.Gate} of stage {gate.Stage}: {gate.Reason}", "yellow");
                }
                if (!parsed.GetValue(wait))
                {
                    if (output == OutputFormat.Json)
                    {
                        JsonOutput.Document(console, new StartResult(created.Id, page, null, ExitCodes.Ok, waitsFor, null));
                    }
                    return ExitCodes.Ok;
                }
                try
                {
                    var (release, code) = await ReleaseWaiter.WaitAsync(client, created.Id, parsed.GetValue(timeout), progress, null, ct);
                    if (output == OutputFormat.Json)
                    {
                        JsonOutput.Document(console, new StartResult(created.Id, page, release.State, code, waitsFor, release));
                    }
                    return code;
                }
                catch (Exception error) when (output == OutputFormat.Json && Failures.Report(error, console, client.BaseAddress, ct) is { } code)
                {
                    // The release exists: the pipeline still gets its id and the exit code in a document (docs/ci.md).
                    JsonOutput.Document(console, new StartResult(created.Id, page, null, code, waitsFor, null, SafeText.Clean(error.Message)));
                    return code;
                }
            }, ct);
        });
        return command;
    }
}

/// <summary>
/// The JSON document of <c>release start --output json</c>. <see cref="Outcome"/> is the release's state when the
/// command ended (null without --wait, or when following it failed); <see cref="ExitCode"/> is the process's exit code;
/// <see cref="Error"/> says why following the release failed (exit 2 or 3), else it is left out.
/// </summary>
public sealed record StartResult(
    string Id, Uri Url, string? Outcome, int ExitCode, IReadOnlyList<GateWait> WaitsFor, ReleaseView? Release, string? Error = null);
