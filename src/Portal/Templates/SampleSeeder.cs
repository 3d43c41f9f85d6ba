using System.Text.Json;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// On first start, gives a new portal something to try: two Sandbox targets in environment <c>sandbox</c> (a version
/// ending in <c>-bad</c> fails its canary on purpose) and the sample templates. Turned off with <c>Portal:SeedSamples=false</c>.
/// </summary>
public sealed class SampleSeeder(
    IOptions<PortalOptions> options,
    Data.PortalDatabase database,
    TargetRepository targets,
    TemplateRepository templates,
    TemplateService importer,
    TimeProvider time,
    ILogger<SampleSeeder> logger) : IHostedService
{
    public static readonly string[] SandboxTargets = ["sandbox-eu", "sandbox-us"];

    /// <summary>The environment the Sandbox targets are labelled with.</summary>
    public const string SandboxEnvironment = "sandbox";

    public static string SandboxSettings { get; } = JsonSerializer.Serialize(new
    {
        requestsPerSecond = 200,
        baseErrorRate = 0.005,
        baseLatencyMs = 120,
        fault = new { versionPattern = "*-bad", afterSeconds = 0, errorRate = 0.25, latencyMs = 250 },
    });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedSamples)
        {
            return;
        }
        // Nodes of a cluster starting together on an empty database: one seeds, the others then find the samples there.
        await using var startup = await database.LockStartupWorkAsync(cancellationToken);
        foreach (var name in SandboxTargets)
        {
            // Labelled with the sample templates' stage name, so a grant for environment sandbox covers the samples.
            if (await targets.AddAsync(new TargetRecord(name, "sandbox", SandboxSettings, time.GetUtcNow()) { Environment = SandboxEnvironment }, cancellationToken))
            {
                logger.LogInformation("Seeded Sandbox target {Target}", name);
            }
        }
        foreach (var sample in TemplateSamples.All)
        {
            if (await templates.GetLatestAsync(sample.Name, cancellationToken) is not null)
            {
                continue;
            }
            var result = await importer.ImportAsync(sample.Yaml, Audit.AuditActor.System("portal (sample)"), cancellationToken);
            if (result.Errors.Count > 0)
            {
                logger.LogWarning("Sample template {Name} was not seeded: {Error}", sample.Name, result.Errors[0]);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
