using Microsoft.AspNetCore.DataProtection;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Loads the shared key ring while the node starts, holding the start-up lock: on an empty table the first node creates
/// the key and every node after it reads that key instead of making its own. Left to itself, each node starting at once
/// would create a key of its own and pick it as its default until its next refresh (a day); a payload protected with
/// one would then not open on a node that read the table before that key was stored.
/// </summary>
internal sealed class SharedKeyRingStartup(PortalDatabase database, IDataProtectionProvider protection) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var held = await database.LockStartupWorkAsync(cancellationToken);
        // Protecting resolves the default key: it reads the ring, and creates and stores a key only when none is usable.
        protection.CreateProtector("PortalRelease.KeyRing.Startup").Protect([0]);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
