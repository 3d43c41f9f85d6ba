using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PortalRelease.Bench;

/// <summary>
/// The key ring certificate the portal requires on PostgreSQL (the shared key ring is encrypted to it), one self-signed
/// PFX per run in a temporary folder, the same for every node of a scenario.
/// </summary>
public static class BenchKeyRing
{
    private const string Password = "bench-keyring";

    private static readonly Lazy<string> Pfx = new(Create);

    /// <summary>The settings as keys (<c>Portal:DataProtection:…</c>) or, with <paramref name="separator"/> <c>__</c>, as environment variables.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings(string separator = ":") =>
    [
        new($"Portal{separator}DataProtection{separator}Certificate{separator}Path", Pfx.Value),
        new($"Portal{separator}DataProtection{separator}Certificate{separator}Password", Password),
    ];

    private static string Create()
    {
        var folder = Directory.CreateTempSubdirectory("portal-bench-keyring-").FullName;
        var path = Path.Combine(folder, "keyring.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=portal-bench-keyring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(folder, recursive: true);
        return path;
    }
}
