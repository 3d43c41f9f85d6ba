namespace PortalRelease.Portal.Data;

/// <summary>
/// Brings the schema up to date while the host is starting, before any other start-up work and before any hosted
/// service's <c>StartAsync</c>: the shared key ring (<c>SharedKeyRingStartup</c>), the plugins and the engine all
/// find their tables in place.
/// </summary>
public sealed class DatabaseInitializer(SchemaMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
