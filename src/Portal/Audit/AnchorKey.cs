using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// The key that signs anchors: ECDSA P-256, created on first use. The private key is kept in
/// <c>data/keys/audit-anchor.key</c> (owner-only) encrypted with Data Protection, so it is as safe at rest as the key
/// ring (with <c>Portal:DataProtection:Certificate</c>, someone holding the data folder alone cannot sign an anchor).
/// The public key is written beside it as <c>audit-anchor.pub.pem</c> for anyone to check anchors with.
/// </summary>
public sealed class AnchorKey(PortalPaths paths, IDataProtectionProvider protection, ILogger<AnchorKey> logger) : IDisposable
{
    private readonly IDataProtector _protector = protection.CreateProtector("PortalRelease.Audit.AnchorKey.v1");
    private readonly Lock _lock = new();
    private ECDsa? _key;

    private string KeyFile => Path.Combine(paths.DataDirectory, "keys", "audit-anchor.key");

    public string PublicKeyFile => Path.Combine(paths.DataDirectory, "keys", "audit-anchor.pub.pem");

    /// <summary>The first 16 hex digits of the SHA-256 of the public key (SubjectPublicKeyInfo): which key signed a line.</summary>
    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Key.ExportSubjectPublicKeyInfo()))[..16];

    public byte[] Sign(byte[] data) => Key.SignData(data, HashAlgorithmName.SHA256);

    public bool Verify(byte[] data, byte[] signature) => Key.VerifyData(data, signature, HashAlgorithmName.SHA256);

    private ECDsa Key
    {
        get
        {
            lock (_lock)
            {
                return _key ??= Load();
            }
        }
    }

    private ECDsa Load()
    {
        var key = ECDsa.Create();
        if (File.Exists(KeyFile))
        {
            key.ImportPkcs8PrivateKey(_protector.Unprotect(File.ReadAllBytes(KeyFile)), out _);
            return key;
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
        OwnerOnly.CreateFile(KeyFile);
        File.WriteAllBytes(KeyFile, _protector.Protect(key.ExportPkcs8PrivateKey()));
        // Public, but the data folder holds nothing for others to read: copy it out to share it.
        OwnerOnly.CreateFile(PublicKeyFile);
        File.WriteAllText(PublicKeyFile, key.ExportSubjectPublicKeyInfoPem() + "\n");
        logger.LogInformation("Created the audit anchor signing key {Fingerprint}; its public key is {File}",
            Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()))[..16], PublicKeyFile);
        return key;
    }

    public void Dispose() => _key?.Dispose();
}
