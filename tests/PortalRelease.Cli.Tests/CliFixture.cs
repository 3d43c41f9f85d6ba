using System.Net;
using System.Net.Http.Json;
using PortalRelease.Client;
using PortalRelease.Contracts;
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

    /// <summary>
    /// Aborts release <paramref name="id"/> (with <paramref name="reason"/>) and returns once it is final, so no release a
    /// test started holds the Sandbox targets for the next test: each test is independent of the order they run in.
    /// </summary>
    public async Task AbortAndSettleAsync(string id, string reason = "the test is done with it")
    {
        using var abort = await Http.PostAsJsonAsync($"/api/releases/{id}/abort", new { reason });
        // 409: it is final already (or settling); either way, wait below for it to be final.
        Assert.True(abort.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.Conflict, $"abort {id}: {(int)abort.StatusCode}");
        await UntilAsync(id, (_, release) => release.IsFinal);
    }

    /// <summary>
    /// Returns once <paramref name="done"/> holds for an event of release <paramref name="id"/> and the release as it
    /// is then (or for the release before any event comes); a condition, not a guess at how long it takes.
    /// </summary>
    public async Task UntilAsync(string id, Func<ReleaseEvent?, ReleaseView, bool> done)
    {
        using var client = new PortalClient(Http) { PollInterval = TimeSpan.FromMilliseconds(100) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        if (done(null, await client.GetReleaseAsync(id, cancel.Token)))
        {
            return;
        }
        await foreach (var e in client.WatchAsync(id, 0, cancel.Token))
        {
            if (done(e, await client.GetReleaseAsync(id, cancel.Token)))
            {
                return;
            }
        }
    }

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
