using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>What a command on a release prints once the portal accepted it (202): the portal acts on it next.</summary>
public static class ReleaseCommandOutput
{
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
}
