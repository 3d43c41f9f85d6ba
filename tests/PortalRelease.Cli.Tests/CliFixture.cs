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

    /// <summary>The user the tool acts as: the portal's development identity (development mode ignores the token).</summary>
    public const string ToolUser = "dev-user";

    /// <summary>The group whose approvals the tool's user may give.</summary>
    public const string ApproverGroup = "release-managers";

    public Uri PortalUrl => _portal!.BaseAddress;

    public HttpClient Http { get; private set; } = null!;

    public string PortalOutput => _portal?.Output ?? "";

    public async Task InitializeAsync()
    {
        var install = InstalledTool.InstallAsync();
        _home = new PortalHome();
        // An approval needs someone other than its author in the gate's group: the tool runs as the development user,
        // a test starts the release as another (X-Portal-User) and the tool approves it.
        (_portal, _) = await _home.StartPortalAsync(arguments:
        [
            "--Portal:Engine:AllowIdentityHeader=true", $"--Portal:Access:Groups:{ApproverGroup}:0={ToolUser}",
        ]);
        Http = new HttpClient { BaseAddress = _portal.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        _tool = await install;
    }

    /// <summary>Runs the installed <c>portal</c> with <c>PORTAL_URL</c> set to the live portal, its output redirected (not a terminal).</summary>
    public Task<ProcessResult> PortalAsync(params string[] arguments) => PortalWithAsync(new Dictionary<string, string?>(), null, arguments);

    /// <summary>
    /// Runs the installed <c>portal</c> as <see cref="PortalAsync"/> does, with <paramref name="environment"/> on top
    /// (a null value removes a variable, <c>PORTAL_URL</c> say) and <paramref name="input"/> on standard input.
    /// </summary>
    public Task<ProcessResult> PortalWithAsync(IReadOnlyDictionary<string, string?> environment, string? input, params string[] arguments) =>
        ProcessRun.RunAsync(_tool!.Command, arguments, ToolEnvironment(environment), input: input);

    /// <summary>Starts the installed <c>portal</c> in the background with the environment of <see cref="PortalAsync"/>.</summary>
    internal RunningTool StartTool(params string[] arguments) =>
        RunningTool.Start(_tool!.Command, arguments, ToolEnvironment(new Dictionary<string, string?>()));

    /// <summary>Starts the installed <c>portal</c> in the background against another portal, at <paramref name="portalUrl"/>.</summary>
    internal RunningTool StartToolAt(Uri portalUrl, params string[] arguments) =>
        RunningTool.Start(_tool!.Command, arguments, ToolEnvironment(new Dictionary<string, string?> { ["PORTAL_URL"] = portalUrl.ToString() }));

    /// <summary>Release <paramref name="id"/> as the API serves it now.</summary>
    public async Task<ReleaseView> GetReleaseAsync(string id)
    {
        using var client = new PortalClient(Http);
        return await client.GetReleaseAsync(id);
    }

    /// <summary>
    /// Runs <paramref name="script"/> in bash as a user's shell would run the tool: the installed <c>portal</c>'s folder
    /// first on <c>PATH</c>, the environment of <see cref="PortalAsync"/>.
    /// </summary>
    public Task<ProcessResult> BashAsync(string script)
    {
        var toolFolder = Path.GetDirectoryName(_tool!.Command)!;
        var variables = ToolEnvironment(new Dictionary<string, string?>
        {
            ["PATH"] = $"{toolFolder}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
        });
        return ProcessRun.RunAsync("bash", ["--norc", "--noprofile", "-c", script], variables);
    }

    private Dictionary<string, string?> ToolEnvironment(IReadOnlyDictionary<string, string?> environment)
    {
        var variables = new Dictionary<string, string?>
        {
            ["PORTAL_URL"] = PortalUrl.ToString(),
            ["PORTAL_TOKEN"] = null,
            // An empty config folder of the fixture's own: the tool never reads (or writes) the login of whoever runs the tests.
            ["XDG_CONFIG_HOME"] = _home!.ConfigDirectory,
            // The tool's launcher finds the runtime beside the dotnet that runs these tests.
            ["DOTNET_ROOT"] = Path.GetDirectoryName(Path.GetFullPath(ResolveDotnet()))!,
        };
        foreach (var (name, value) in environment)
        {
            variables[name] = value;
        }
        return variables;
    }

    /// <summary>
    /// Starts a release as <paramref name="user"/> through the API (development mode names the caller in
    /// <c>X-Portal-User</c>): the tool runs as the development user, who may not approve a release of their own.
    /// </summary>
    public async Task<string> StartAsAsync(string user, string template, string version)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/releases") { Content = JsonContent.Create(new { template, version }) };
        request.Headers.Add("X-Portal-User", user);
        using var response = await Http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"start {template} as {user}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var created = await response.Content.ReadFromJsonAsync<CreateReleaseResponse>(ContractJson.Options);
        return created!.Id;
    }

    /// <summary>Imports a template (its YAML) into the live portal; importing the same one again is a new version of it.</summary>
    public async Task ImportTemplateAsync(string yaml)
    {
        using var content = new StringContent(yaml, System.Text.Encoding.UTF8, "application/yaml");
        using var response = await Http.PostAsync("/api/templates", content);
        Assert.True(response.IsSuccessStatusCode, $"import template: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

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
        using var client = new PortalClient(Http) { RetryDelay = TimeSpan.FromMilliseconds(100) };
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
