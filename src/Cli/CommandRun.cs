using System.CommandLine;
using PortalRelease.Client;

namespace PortalRelease.Cli;

/// <summary>Runs a command's body against the portal; what goes wrong on the way becomes an exit code of the contract.</summary>
public static class CommandRun
{
    public static async Task<int> RunAsync(
        ParseResult parsed, CommonOptions common, CliConsole console, Func<PortalClient, OutputFormat, Task<int>> body, CancellationToken cancellationToken)
    {
        using var client = Connection.Open(parsed, common, console);
        if (client is null)
        {
            return ExitCodes.BadInput;
        }
        try
        {
            return await body(client, parsed.GetValue(common.Output));
        }
        catch (Exception error) when (Failures.Report(error, console, client.BaseAddress, cancellationToken) is { } code)
        {
            return code;
        }
    }
}
