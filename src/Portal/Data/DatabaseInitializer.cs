namespace PortalRelease.Portal.Data;

/// <summary>Brings the schema up to date before anything else starts.</summary>
public sealed class DatabaseInitializer(SchemaMigrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
