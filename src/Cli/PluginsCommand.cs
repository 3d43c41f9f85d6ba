using System.CommandLine;

namespace PortalRelease.Cli;

/// <summary>
/// <c>portal plugins</c>: every plugin folder the portal found, its version, status and the target and metric kinds it
/// provides, and why one is not loaded. Exit 0 whatever their status: it is a listing, not a check.
/// </summary>
public static class PluginsCommand
{
    public static Command Create(CommonOptions common, CliConsole console)
    {
        var command = new Command("plugins", "List the portal's plugins: version, status, the kinds they provide, why one is not loaded.");
        command.SetAction((parsed, ct) => CommandRun.RunAsync(parsed, common, console, async (client, output) =>
        {
            var plugins = await client.ListPluginsAsync(ct);
            if (output == OutputFormat.Json)
            {
                JsonOutput.Document(console, plugins);
                return ExitCodes.Ok;
            }
            TextTable.Write(console, ["ID", "VERSION", "STATUS", "KINDS"], plugins.Select(p => new[]
            {
                p.Id, p.Version ?? "-", p.Status, string.Join(", ", p.TargetKinds.Concat(p.MetricKinds).Distinct(StringComparer.Ordinal)) is { Length: > 0 } kinds ? kinds : "-",
            }));
            foreach (var plugin in plugins.Where(p => p.Reason is not null || p.Pending is not null))
            {
                console.Line($"{plugin.Id}: {plugin.Reason ?? plugin.Pending}", "yellow");
            }
            return ExitCodes.Ok;
        }, ct));
        return command;
    }
}
