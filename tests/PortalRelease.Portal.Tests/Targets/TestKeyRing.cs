using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortalRelease.Portal.Tests.Targets;

/// <summary>
/// One key ring certificate for the whole test run (a self-signed RSA certificate in a PFX file), which every portal on
/// PostgreSQL needs: the shared key ring must be encrypted, and all nodes of one cluster need the same certificate.
/// </summary>
internal static class TestKeyRing
{
    public const string Password = "test-keyring-password";

    private static readonly Lazy<string> File_ = new(Create);

    /// <summary>The PFX file (certificate and private key), created on first use.</summary>
    public static string PfxPath => File_.Value;

    /// <summary>The settings that give a portal the certificate.</summary>
    public static IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Portal:DataProtection:Certificate:Path"] = PfxPath,
        ["Portal:DataProtection:Certificate:Password"] = Password,
    };

    /// <summary>
    /// <paramref name="settings"/> plus the certificate when they put the portal on PostgreSQL and say nothing about the
    /// key ring: the default a test harness applies, as it applies the Development sign-in.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ForPostgres(IReadOnlyDictionary<string, string>? settings)
    {
        var given = settings ?? new Dictionary<string, string>();
        var postgres = given.TryGetValue("Portal:Storage:Provider", out var provider) && string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        if (!postgres || given.Keys.Any(k => k.StartsWith("Portal:DataProtection:", StringComparison.OrdinalIgnoreCase)))
        {
            return given;
        }
        return given.Concat(Settings).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>The same, for harnesses whose settings may hold nulls.</summary>
    public static IReadOnlyDictionary<string, string?> ForPostgresNullable(IReadOnlyDictionary<string, string?> settings)
    {
        var postgres = settings.TryGetValue("Portal:Storage:Provider", out var provider) && string.Equals(provider, "Postgres", StringComparison.OrdinalIgnoreCase);
        if (!postgres || settings.Keys.Any(k => k.StartsWith("Portal:DataProtection:", StringComparison.OrdinalIgnoreCase)))
        {
            return settings;
        }
        return settings.Concat(Settings.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value))).ToDictionary(p => p.Key, p => p.Value);
    }

    /// <summary>A self-signed RSA certificate able to encrypt keys, with its private key.</summary>
    public static X509Certificate2 SelfSigned(string subject = "CN=portal-keyring-test")
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("portal-keyring-").FullName;
        var path = Path.Combine(folder, "keyring.pfx");
        using (var certificate = SelfSigned())
        {
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        }
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans temporary folders.
            }
        };
        return path;
    }
}
