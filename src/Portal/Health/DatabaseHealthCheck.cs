using System.Data.Common;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Health;

/// <summary>
/// Ready only while the database answers within the probe's time and holds the schema this portal runs: a node whose
/// database is gone, or that started before another node finished migrating, takes no traffic.
/// </summary>
internal sealed class DatabaseHealthCheck(SchemaMigrator migrator, PortalDatabase database) : IHealthCheck
{
    public const string Name = "database";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        int applied;
        try
        {
            applied = await migrator.AppliedVersionAsync(timeout.Token);
        }
        catch (Exception error) when (error is DbException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            // The provider's message, never the connection string: it names the server, not the password.
            return HealthCheckResult.Unhealthy($"{database.Provider} did not answer within {Timeout.TotalSeconds:0} s: {error.GetType().Name}");
        }
        var data = new Dictionary<string, object> { ["provider"] = database.Provider.ToString(), ["schema"] = applied, ["expected"] = SchemaMigrator.LatestVersion };
        return applied == SchemaMigrator.LatestVersion
            ? HealthCheckResult.Healthy($"{database.Provider} at schema {applied}", data)
            : HealthCheckResult.Unhealthy($"{database.Provider} is at schema {applied}; this portal runs {SchemaMigrator.LatestVersion}", data: data);
    }
}
