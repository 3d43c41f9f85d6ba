namespace PortalRelease.Portal.Targets;

/// <summary>
/// <c>Portal:DataProtection</c>: how the Data Protection key ring (the keys that decrypt target secrets, kept in the
/// data folder's <c>keys/</c>) is encrypted at rest. Without a certificate the keys are protected only by file permissions.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "Portal:DataProtection";

    public KeyRingCertificateOptions Certificate { get; set; } = new();

    /// <summary>Whether a certificate is configured at all.</summary>
    public bool Encrypted => !string.IsNullOrWhiteSpace(Certificate.Path) || !string.IsNullOrWhiteSpace(Certificate.Thumbprint);
}

/// <summary><c>Portal:DataProtection:Certificate</c>: a PFX file and its password, or a thumbprint in the certificate store.</summary>
public sealed class KeyRingCertificateOptions
{
    /// <summary>A PKCS#12 (.pfx) file holding the certificate and its private key; relative to the portal's home.</summary>
    public string? Path { get; set; }

    /// <summary>The PFX file's password; better given by environment (<c>Portal__DataProtection__Certificate__Password</c>).</summary>
    public string? Password { get; set; }

    /// <summary>The SHA-1 thumbprint of a certificate with its private key in the current user's or the machine's <c>My</c> store.</summary>
    public string? Thumbprint { get; set; }
}
