namespace PortalRelease.Cli.Tests;

/// <summary>
/// The <c>portal</c> tool as a user gets it: packed from its build output into a temporary feed and installed with
/// <c>dotnet tool install --tool-path</c>. The version is unique per run and the install uses its own package folder,
/// so a stale package of an earlier run is never the one tested and the user's NuGet cache is left alone.
/// </summary>
internal sealed class InstalledTool : IDisposable
{
    private InstalledTool(string root, string command)
    {
        Root = root;
        Command = command;
    }

    public string Root { get; }

    /// <summary>The installed <c>portal</c> command.</summary>
    public string Command { get; }

    public static async Task<InstalledTool> InstallAsync()
    {
        var root = Directory.CreateTempSubdirectory("portal-cli-").FullName;
        var feed = Path.Combine(root, "feed");
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var project = Path.Combine(Paths.RepoRoot, "src", "Cli", "PortalRelease.Cli.csproj");
        var dotnet = Paths.Dotnet();
        var quiet = new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" };
        // --no-build: the solution build already compiled the tool (this project references it for build order).
        var pack = await ProcessRun.RunAsync(dotnet,
            ["pack", project, "-c", Paths.Configuration, "--no-build", "-o", feed, $"-p:Version={version}", "-nologo"], quiet, timeout: TimeSpan.FromMinutes(2));
        Assert.True(pack.ExitCode == 0, $"dotnet pack failed:\n{pack}");
        var tools = Path.Combine(root, "tools");
        var install = await ProcessRun.RunAsync(dotnet,
            ["tool", "install", "--tool-path", tools, "--add-source", feed, "--version", version, "PortalRelease.Cli"],
            new Dictionary<string, string?>(quiet) { ["NUGET_PACKAGES"] = Path.Combine(root, "nuget") }, workingDirectory: root, timeout: TimeSpan.FromMinutes(2));
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed:\n{install}");
        var command = Path.Combine(tools, "portal");
        Assert.True(File.Exists(command), $"The tool installed no 'portal' command in {tools}:\n{install}");
        return new InstalledTool(root, command);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // The OS cleans temp eventually.
        }
    }
}
