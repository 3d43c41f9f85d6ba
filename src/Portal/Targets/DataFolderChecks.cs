using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Says at start, once, what protects the data at rest when it is less than it should be: a data folder open to other
/// users, a key ring that is not encrypted. Warnings rather than refusals: a development checkout runs without a
/// certificate, and tightening an operator's folder behind their back could break their backups.
/// </summary>
internal sealed class DataFolderChecks(PortalPaths paths, IOptions<KeyRingOptions> keyRing, ILogger<DataFolderChecks> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsWindows() && OwnerOnly.IsOpenToOthers(paths.DataDirectory))
        {
            logger.LogWarning(
                "The data folder {DataDirectory} is readable or writable by others (mode {Mode}): it holds the database, the encrypted target secrets "
                + "and the keys that decrypt them. Run chmod 700 on it (the portal creates it so)",
                paths.DataDirectory, Convert.ToString((int)File.GetUnixFileMode(paths.DataDirectory), 8));
        }
        if (!keyRing.Value.Encrypted)
        {
            logger.LogWarning(
                "The Data Protection key ring in {KeysDirectory} is not encrypted at rest: the keys that decrypt target secrets are protected only by "
                + "file permissions. Set Portal:DataProtection:Certificate:Path to a PFX file with its private key (and "
                + "Portal:DataProtection:Certificate:Password, best from the environment as Portal__DataProtection__Certificate__Password), "
                + "or Portal:DataProtection:Certificate:Thumbprint to a certificate in the My store; see docs/operations.md",
                Path.Combine(paths.DataDirectory, "keys"));
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
