using System.CommandLine;
using System.Globalization;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal release list [--state S]… [--limit N]</c>: the newest releases first. The API filters nothing (it answers
/// the newest 200 the caller may see), so <c>--state</c> and <c>--limit</c> apply here, in that order.
/// </summary>
public static class ReleaseListCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var states = new Option<string[]>("--state")
        {
            Description = "Only releases in this state (Deploying, Promoted, RolledBack, Aborted, …); repeat for more.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var limit = new Option<int?>("--limit") { Description = "At most this many releases (the newest)." };
        limit.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
            {
                result.AddError("--limit must be at least 1.");
            }
        });
        var command = new Command("list", "List the newest releases: id, template, version, state, started.") { states, limit };
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var wanted = parsed.GetValue(states) ?? [];
            IEnumerable<ReleaseView> releases = await client.ListReleasesAsync(ct);
            if (wanted.Length > 0)
            {
                releases = releases.Where(r => wanted.Contains(r.State, StringComparer.OrdinalIgnoreCase));
            }
            if (parsed.GetValue(limit) is { } most)
            {
                releases = releases.Take(most);
            }
            var list = releases.ToList();
            if (output == OutputFormat.Json)
            {
                JsonOutput.Document(console, list);
                return ExitCodes.Ok;
            }
            TextTable.Write(console, ["ID", "TEMPLATE", "VERSION", "STATE", "STARTED"], list.Select(r => new[]
            {
                r.Id, r.Template, r.Version, r.State + (r.Paused ? " (paused)" : ""),
                r.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            }));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
