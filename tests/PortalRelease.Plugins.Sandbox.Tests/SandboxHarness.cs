using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

/// <summary>
/// Hosts the sandbox plugin the way the portal does (through <see cref="IPortalPlugin.Register"/>) over a fresh
/// temporary data directory and a fake clock.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    public static readonly DateTimeOffset Epoch = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly bool _ownsDirectory;

    public SandboxHarness(string? dataDirectory = null, FakeTimeProvider? time = null)
    {
        _ownsDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("sandbox-tests-").FullName;
        Time = time ?? new FakeTimeProvider(Epoch);
        var registrar = new CapturingRegistrar(new PluginHostContext { DataDirectory = DataDirectory, Time = Time });
        new SandboxPlugin().Register(registrar);
        Driver = Assert.Single(registrar.Drivers);
        Metrics = Assert.Single(registrar.Sources);
    }

    public string DataDirectory { get; }

    public FakeTimeProvider Time { get; }

    public ITargetDriver Driver { get; }

    public IMetricSource Metrics { get; }

    /// <summary>A second plugin instance over the same folder and clock, as after a portal restart.</summary>
    public SandboxHarness Restart() => new(DataDirectory, Time);

    public static TargetContext Target(string name = "sbx", string settingsJson = "{}") =>
        new() { Name = name, Kind = "sandbox", Settings = JsonDocument.Parse(settingsJson).RootElement.Clone() };

    public string LedgerPath(string targetName = "sbx") => Path.Combine(DataDirectory, targetName + ".actions.jsonl");

    public List<JsonElement> ReadLedger(string targetName = "sbx") =>
        File.ReadAllLines(LedgerPath(targetName)).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    public Task<ApplyResult> ApplyAsync(TargetContext target, string key, string version, string cohort, int weight) =>
        Driver.ApplyAsync(target, new ApplyRequest { ReleaseId = "rel-1", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key }, CancellationToken.None);

    public Task<ApplyResult> RollbackAsync(TargetContext target, string key, string fromVersion, string? toVersion) =>
        Driver.RollbackAsync(target, new RollbackRequest { ReleaseId = "rel-1", FromVersion = fromVersion, ToVersion = toVersion, IdempotencyKey = key }, CancellationToken.None);

    public Task<MetricResult> QueryAsync(TargetContext target, string metric, string cohort, DateTimeOffset start, DateTimeOffset end) =>
        Metrics.QueryAsync(new MetricQuery { Target = target, Metric = metric, Cohort = cohort, Start = start, End = end }, CancellationToken.None);

    public void Dispose()
    {
        if (_ownsDirectory)
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private sealed class CapturingRegistrar(PluginHostContext host) : IPluginRegistrar
    {
        public List<ITargetDriver> Drivers { get; } = [];

        public List<IMetricSource> Sources { get; } = [];

        public PluginHostContext Host { get; } = host;

        public void AddTargetDriver(ITargetDriver driver) => Drivers.Add(driver);

        public void AddMetricSource(IMetricSource source) => Sources.Add(source);
    }
}
