using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Targets;

/// <summary>The certificate the key ring is encrypted with, loaded once from <see cref="KeyRingOptions"/>; <c>null</c> when none is configured.</summary>
public sealed class KeyRingCertificate : IDisposable
{
    private readonly Lazy<X509Certificate2?> _certificate;

    public KeyRingCertificate(IOptions<KeyRingOptions> options, IHostEnvironment environment)
    {
        _certificate = new Lazy<X509Certificate2?>(() =>
        {
            var (certificate, error) = Load(options.Value.Certificate, environment.ContentRootPath);
            return error is null ? certificate : throw new InvalidOperationException(error);
        });
    }

    public X509Certificate2? Certificate => _certificate.Value;

    /// <summary>Loads the configured certificate, or says what is wrong naming the setting (never echoing the password).</summary>
    public static (X509Certificate2? Certificate, string? Error) Load(KeyRingCertificateOptions options, string contentRoot)
    {
        var section = $"{KeyRingOptions.Section}:Certificate";
        var hasPath = !string.IsNullOrWhiteSpace(options.Path);
        var hasThumbprint = !string.IsNullOrWhiteSpace(options.Thumbprint);
        if (hasPath && hasThumbprint)
        {
            return (null, $"{section}:Path and {section}:Thumbprint are both set; give one: a PFX file, or a certificate in the store.");
        }
        if (!hasPath && !string.IsNullOrEmpty(options.Password))
        {
            return (null, $"{section}:Password is set but {section}:Path is not; the password opens a PFX file.");
        }
        var (certificate, error) = hasPath ? FromFile(options, contentRoot, section) : hasThumbprint ? FromStore(options.Thumbprint!, section) : (null, null);
        if (certificate is not null && !certificate.HasPrivateKey)
        {
            certificate.Dispose();
            return (null, $"The certificate of {section} has no private key; the key ring could be encrypted but never read back.");
        }
        return (certificate, error);
    }

    public void Dispose()
    {
        if (_certificate.IsValueCreated)
        {
            _certificate.Value?.Dispose();
        }
    }

    private static (X509Certificate2?, string?) FromFile(KeyRingCertificateOptions options, string contentRoot, string section)
    {
        var path = Path.GetFullPath(options.Path!, contentRoot);
        if (!File.Exists(path))
        {
            return (null, $"{section}:Path: the file '{path}' does not exist.");
        }
        try
        {
            return (X509CertificateLoader.LoadPkcs12FromFile(path, options.Password), null);
        }
        catch (CryptographicException)
        {
            // The loader's message can be as vague as "the password may be incorrect"; say which settings to check.
            return (null, $"{section}:Path: '{path}' could not be opened as a PFX file with {section}:Password (a wrong password, or not PKCS#12).");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return (null, $"{section}:Path: '{path}' could not be read: {error.Message}");
        }
    }

    private static (X509Certificate2?, string?) FromStore(string thumbprint, string section)
    {
        var wanted = thumbprint.Replace(" ", "", StringComparison.Ordinal);
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, wanted, validOnly: false);
                if (found.Count > 0)
                {
                    return (found[0], null);
                }
            }
            catch (CryptographicException)
            {
                // This platform has no such store (Linux has no machine-wide My store): look in the next.
            }
        }
        return (null, $"{section}:Thumbprint: no certificate with thumbprint '{wanted}' is in the current user's or the machine's My store.");
    }
}
