using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Fails the start naming the setting when the key ring's certificate cannot be loaded, or when the portal stores its
/// key ring in a shared PostgreSQL database without one.
/// </summary>
internal sealed class KeyRingOptionsValidator(IHostEnvironment environment, IOptions<StorageOptions> storage) : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        if (storage.Value.Provider == StorageProvider.Postgres && !options.Encrypted)
        {
            // File permissions protect the key ring on one machine; in a table, anyone who can read the database (a
            // backup, a reporting role, a replica) could read the keys and with them every target secret and cookie.
            return ValidateOptionsResult.Fail(
                $"{KeyRingOptions.Section}:Certificate is required when {StorageOptions.Section}:Provider is Postgres: the Data Protection key ring "
                + "is then kept in the database (table data_protection_keys) for every node to read, and must be encrypted there. Set "
                + $"{KeyRingOptions.Section}:Certificate:Path to a PFX file with its private key (and {KeyRingOptions.Section}:Certificate:Password, "
                + $"best from the environment) or {KeyRingOptions.Section}:Certificate:Thumbprint, the same certificate on every node; see docs/deploy.md.");
        }
        var (certificate, error) = KeyRingCertificate.Load(options.Certificate, environment.ContentRootPath);
        certificate?.Dispose();
        return error is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(error);
    }
}
