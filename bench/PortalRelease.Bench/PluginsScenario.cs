using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using System.Text.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Bench;

/// <summary>
/// Plugin load/unload cycles: the real Sandbox plugin (a copy of plugins/Sandbox) is loaded through the portal's own
/// catalog with the allowlist enforced, called (ValidateSettings, then Apply on a ledger in a temporary data folder)
/// and unloaded, <c>--runs</c> times (200). Reports the median load time and the working set drift: the working set
/// after a full GC at the end minus after the first <c>Warmup</c> cycles (goal ≤ 20 MB). A drift that grows with the
/// runs means something roots the unloaded load contexts; <c>contexts_alive</c> counts the collectible ones left.
/// </summary>
public sealed class PluginsScenario : IBenchScenario
{
    private const int Warmup = 5;

    public async Task<string> RunAsync(string[] args)
    {
        var runs = BenchArgs.Int(args, "--runs", 200);
        var root = Path.Combine(Path.GetTempPath(), "portal-bench-plugins-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        try
        {
            CopySandbox(Path.Combine(root, "plugins", "Sandbox"));
            var paths = new PortalPaths(
                Microsoft.Extensions.Options.Options.Create(new PortalOptions { DataDirectory = Path.Combine(root, "data"), PluginsDirectory = Path.Combine(root, "plugins") }),
                new BenchEnvironment(root));
            var trustOptions = new PluginTrustOptions();
            var sha256 = PluginFolderHash.Compute(Path.Combine(paths.PluginsDirectory, "Sandbox"));
            trustOptions.Allowed.Add(new AllowedPlugin(sha256, "sandbox", "bench"));
            var trust = new PluginTrust(trustOptions, developmentMode: false);
            var settings = JsonDocument.Parse(SampleSeeder.SandboxSettings).RootElement.Clone();

            var loadMs = new List<double>(runs);
            long baseline = 0;
            for (var run = 1; run <= runs; run++)
            {
                loadMs.Add(await CycleAsync(paths, trust, settings, run));
                if (run == Math.Min(Warmup, runs))
                {
                    baseline = WorkingSetAfterFullGc();
                }
            }
            var final = WorkingSetAfterFullGc();
            var alive = AssemblyLoadContext.All.Count(c => c.IsCollectible);
            Console.WriteLine($"managed heap {GC.GetTotalMemory(forceFullCollection: false) / 1024.0 / 1024.0:0.0} MB, GC committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1024.0 / 1024.0:0.0} MB");
            var ordered = loadMs.Order().ToList();
            var median = ordered[ordered.Count / 2];
            var drift = (final - baseline) / 1024.0 / 1024.0;
            Console.WriteLine($"{runs} load/call/unload cycles of the Sandbox plugin (sha256 {sha256[..12]}…, allowlist enforced)");
            Console.WriteLine($"load: median {median:0.00} ms, p90 {ordered[(int)(ordered.Count * 0.9)]:0.00} ms, first {loadMs[0]:0.00} ms");
            Console.WriteLine($"working set after GC: {baseline / 1024.0 / 1024.0:0.0} MB after {Math.Min(Warmup, runs)} cycles, {final / 1024.0 / 1024.0:0.0} MB at the end; collectible contexts alive: {alive}");
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["scenario"] = "plugins",
                ["runs"] = runs,
                ["median_load_ms"] = Math.Round(median, 2),
                ["working_set_drift_mb"] = Math.Round(drift, 1),
                ["contexts_alive"] = alive,
            });
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
                // A context not yet collected may still hold a file; the OS cleans temp folders eventually.
            }
        }
    }

    // Not inlined, so no reference to the plugin's objects outlives the cycle on this method's stack.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<double> CycleAsync(PortalPaths paths, PluginTrust trust, JsonElement settings, int run)
    {
        using var catalog = new PluginCatalog(new McMasterPluginLoader(), paths, TimeProvider.System, NullLogger<PluginCatalog>.Instance, trust);
        catalog.EnsureLoaded();
        var info = catalog.Plugins.Single();
        if (info.Status != PluginStatus.Loaded || catalog.FindDriver("sandbox") is not { } driver)
        {
            throw new InvalidOperationException($"The Sandbox plugin did not load: {info.Status} {info.Reason}");
        }
        var errors = await driver.ValidateSettingsAsync(settings, CancellationToken.None);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("The Sandbox refused the sample settings: " + string.Join("; ", errors.Select(e => e.Message)));
        }
        var target = new TargetContext { Name = "bench-plugins", Kind = "sandbox", Settings = settings };
        var request = new ApplyRequest
        {
            ReleaseId = "bench",
            Version = "1.0.0",
            Cohort = Cohorts.Canary,
            Weight = 10,
            IdempotencyKey = "bench-" + run.ToString(CultureInfo.InvariantCulture),
        };
        var result = await driver.ApplyAsync(target, request, CancellationToken.None);
        GC.KeepAlive(result);
        return info.LoadMs ?? 0;
    }

    private static long WorkingSetAfterFullGc()
    {
        // Unloading a collectible context takes more than one collection: finalizers release it, the next GC frees it.
        // The last one is aggressive so the GC hands its free regions back: they are not memory the plugins kept.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return process.WorkingSet64;
    }

    private static void CopySandbox(string target)
    {
        var source = Path.Combine(RepoRoot(), "plugins", "Sandbox");
        if (!File.Exists(Path.Combine(source, PluginManifest.FileName)))
        {
            throw new InvalidOperationException($"The Sandbox plugin is not deployed to {source}; build src/Plugins/Sandbox first.");
        }
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
    }

    private static string RepoRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PortalRelease.sln")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new InvalidOperationException("PortalRelease.sln not found above the bench binaries or the working directory.");
    }

    private sealed class BenchEnvironment(string root) : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";
        public string ApplicationName { get; set; } = "PortalRelease.Bench";
        public string ContentRootPath { get; set; } = root;
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
    }
}
