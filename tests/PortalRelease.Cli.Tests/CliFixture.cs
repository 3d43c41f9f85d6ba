using PortalRelease.Testing;

namespace PortalRelease.Cli.Tests;

/// <summary>
/// One live portal (a child process, development sign-in, the seeded Sandbox targets and sample templates) and the
/// installed tool, shared by every test of the collection: starting either costs seconds.
/// </summary>
public sealed class CliFixture : IAsyncLifetime
{
    private PortalChild? _portal;
    private InstalledTool? _tool;
    private PortalHome? _home;

    public Uri PortalUrl => _portal!.BaseAddress;

    public HttpClient Http { get; private set; } = null!;

    public string PortalOutput => _portal?.Output ?? "";

    public async Task InitializeAsync()
    {
        var install = InstalledTool.InstallAsync();
        _home = new PortalHome();
        (_portal, _) = await _home.StartPortalAsync();
        Http = new HttpClient { BaseAddress = _portal.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _tool = await install;
    }

    /// <summary>Runs the installed <c>portal</c> with <c>PORTAL_URL</c> set to the live portal, its output redirected (not a terminal).</summary>
    public Task<ProcessResult> PortalAsync(params string[] arguments) =>
        ProcessRun.RunAsync(_tool!.Command, arguments, new Dictionary<string, string>
        {
            ["PORTAL_URL"] = PortalUrl.ToString(),
            // The tool's launcher finds the runtime beside the dotnet that runs these tests.
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!,
        });

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (_portal is not null)
        {
            await _portal.DisposeAsync();
        }
        _tool?.Dispose();
        _home?.Dispose();
    }

    private static string ResolveDotnet()
    {
        var dotnet = Paths.Dotnet();
        if (Path.IsPathRooted(dotnet))
        {
            return new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, dotnet)).FirstOrDefault(File.Exists) ?? "/usr/share/dotnet/dotnet";
        return new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath;
    }
}

[CollectionDefinition(Name)]
public sealed class CliCollection : ICollectionFixture<CliFixture>
{
    public const string Name = "portal CLI against a live portal";
}
