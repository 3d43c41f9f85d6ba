using System.Diagnostics;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Tests.Plugins;

public sealed class PluginTrustTests : IDisposable
{
    private readonly PluginsFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_EnforcedAndHashNotAllowed_IsUntrustedNamingItsHashWithoutLoadingCode()
    {
        var folder = _folder.AddSandbox();
        var sha256 = PluginFolderHash.Compute(folder);

        var catalog = _folder.Load(PluginsFolder.Allowing());

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Untrusted, info.Status);
        Assert.Contains($"sha256:{sha256}", info.Reason);
        Assert.Contains("Portal:Plugins:Allowed", info.Reason);
        Assert.Equal(sha256, info.Sha256);
        Assert.Equal("sandbox", info.Id);
        Assert.Null(info.LoadedAt);
        Assert.Null(catalog.FindDriver("sandbox"));
        Assert.False(_folder.AnyAssemblyLoadedFrom(folder));
        Assert.False(catalog.DevelopmentMode);
    }

    [Fact]
    public void Load_EnforcedAndHashAllowed_Loads()
    {
        var folder = _folder.AddSandbox();

        var catalog = _folder.Load(PluginsFolder.Allowing((PluginFolderHash.Compute(folder).ToUpperInvariant(), null)));

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Loaded, info.Status);
        Assert.Null(info.Reason);
        Assert.NotNull(catalog.FindDriver("sandbox"));
        Assert.True(info.LoadMs > 0);
    }

    [Fact]
    public void Load_HashAllowedForAnotherId_IsUntrustedNamingTheEntry()
    {
        var folder = _folder.AddFixture("Fixture", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("fixture", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));

        var catalog = _folder.Load(PluginsFolder.Allowing((PluginFolderHash.Compute(folder), "sandbox")));

        var info = Assert.Single(catalog.Plugins);
        Assert.Equal(PluginStatus.Untrusted, info.Status);
        Assert.Contains("only for plugin id 'sandbox' (Portal:Plugins:Allowed:0), not 'fixture'", info.Reason);
        Assert.False(_folder.AnyAssemblyLoadedFrom(folder));
    }

    [Fact]
    public void Load_DevelopmentMode_LoadsEveryPluginWhateverItsHash()
    {
        _folder.AddSandbox();
        _folder.AddFixture("Fixture", PluginsFolder.DriverFixture,
            PluginsFolder.Manifest("fixture", PluginsFolder.DriverFixture, ["fixture"], ["fixture-metrics"]));
        var trust = new PluginTrust(new PluginTrustOptions { DevelopmentMode = true }, developmentMode: true);

        var catalog = _folder.Load(trust);

        Assert.Equal([PluginStatus.Loaded, PluginStatus.Loaded], catalog.Plugins.Select(p => p.Status));
        Assert.True(catalog.DevelopmentMode);
        Assert.All(catalog.Plugins, p => Assert.True(PluginFolderHash.IsWellFormed(p.Sha256!)));
    }

    [Fact]
    public void Load_OneFileOfAnAllowedFolderChanged_IsUntrusted()
    {
        var folder = _folder.AddSandbox();
        var allowed = PluginFolderHash.Compute(folder);
        File.AppendAllText(Path.Combine(folder, "plugin.json"), "\n");

        var info = Assert.Single(_folder.Load(PluginsFolder.Allowing((allowed, "sandbox"))).Plugins);

        Assert.Equal(PluginStatus.Untrusted, info.Status);
        Assert.NotEqual(allowed, info.Sha256);
    }

    [Fact]
    public async Task Hash_IsWhatTheSha256sumOneLinerInTheOperationsDocsPrints()
    {
        var folder = _folder.AddSandbox();
        Directory.CreateDirectory(Path.Combine(folder, "runtimes", "linux-x64"));
        File.WriteAllText(Path.Combine(folder, "runtimes", "linux-x64", "native.so"), "native");
        File.WriteAllText(Path.Combine(folder, "Zeta b.txt"), "a name with a space, sorted by bytes");
        var oneLiner = OneLinerFromDocs();

        var printed = await RunBashAsync(oneLiner.Replace("plugins/Sandbox", folder, StringComparison.Ordinal));

        Assert.Equal(PluginFolderHash.Compute(folder), printed.Split(' ', 2)[0]);
    }

    [Fact]
    public void Hash_FolderWithASymbolicLink_FailsNamingIt()
    {
        var folder = _folder.AddSandbox();
        File.CreateSymbolicLink(Path.Combine(folder, "linked.dll"), Path.Combine(folder, "PortalRelease.Plugins.Sandbox.dll"));

        var info = Assert.Single(_folder.Load().Plugins);

        Assert.Equal(PluginStatus.Failed, info.Status);
        Assert.Contains("'linked.dll' is a symbolic link", info.Reason);
    }

    private static string OneLinerFromDocs()
    {
        var docs = File.ReadAllText(Path.Combine(PluginsFolder.RepoRoot(), "docs", "operations.md"));
        var line = docs.Split('\n').FirstOrDefault(l => l.Contains("| sha256sum", StringComparison.Ordinal) && l.Contains("plugins/Sandbox", StringComparison.Ordinal));
        Assert.True(line is not null, "docs/operations.md has no sha256sum one-liner for plugins/Sandbox");
        return line.Trim();
    }

    private static async Task<string> RunBashAsync(string command)
    {
        var start = new ProcessStartInfo("bash", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"`{command}` failed: {error}");
        return output.Trim();
    }
}
