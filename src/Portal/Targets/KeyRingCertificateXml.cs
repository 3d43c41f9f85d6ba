using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// Encrypts each new key of the ring to the configured certificate with Data Protection's own
/// <see cref="CertificateXmlEncryptor"/> (what <c>ProtectKeysWithCertificate</c> registers), naming
/// <see cref="KeyRingCertificateDecryptor"/> as its decryptor: the built-in decryptor finds its certificate in
/// options that can only be set while services are registered, before the portal's configuration is bound.
/// </summary>
internal sealed class KeyRingCertificateEncryptor(X509Certificate2 certificate, ILoggerFactory loggers) : IXmlEncryptor
{
    private readonly CertificateXmlEncryptor _inner = new(certificate, loggers);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(_inner.Encrypt(plaintextElement).EncryptedElement, typeof(KeyRingCertificateDecryptor));
}

/// <summary>
/// Decrypts a key written by <see cref="KeyRingCertificateEncryptor"/> (W3C XML encryption, the AES key wrapped with the
/// certificate's RSA key) with the certificate of <c>Portal:DataProtection:Certificate</c>. Data Protection creates it
/// by type name from the key's XML, passing the service provider.
/// </summary>
public sealed class KeyRingCertificateDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var certificate = services.GetRequiredService<KeyRingCertificate>().Certificate
            ?? throw new InvalidOperationException(
                $"A key in the key ring is encrypted to a certificate, but {KeyRingOptions.Section}:Certificate is not set; configure the certificate it was encrypted with.");
        // EncryptedXml decrypts in place inside a document: wrap the element so it has a parent to be replaced in.
        var document = new XmlDocument { XmlResolver = null, PreserveWhitespace = true };
        using (var reader = new XElement("root", encryptedElement).CreateReader())
        {
            document.Load(reader);
        }
        new WithCertificate(document, certificate).DecryptDocument();
        return XElement.Parse(document.DocumentElement!.FirstChild!.OuterXml);
    }

    /// <summary>Unwraps the session key with the configured certificate instead of looking the certificate up in a store.</summary>
    private sealed class WithCertificate(XmlDocument document, X509Certificate2 certificate) : EncryptedXml(document)
    {
        public override byte[]? DecryptEncryptedKey(EncryptedKey encryptedKey)
        {
            using var rsa = certificate.GetRSAPrivateKey() ?? throw new CryptographicException("The key ring certificate has no RSA private key.");
            var oaep = encryptedKey.EncryptionMethod?.KeyAlgorithm == XmlEncRSAOAEPUrl;
            return DecryptKey(encryptedKey.CipherData.CipherValue!, rsa, oaep);
        }
    }
}
