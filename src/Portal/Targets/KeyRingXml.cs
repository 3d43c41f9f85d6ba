using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// The parts of Data Protection's key XML the portal reads itself: which parts must be encrypted, encrypting them as
/// the key manager does, and checking that encrypted parts open with the configured certificate. Used where keys move
/// without the key manager (migrate-store copying a file key ring into the shared table).
/// </summary>
public static class KeyRingXml
{
    // Data Protection marks each element that must be encrypted at rest with this attribute, and its key manager
    // replaces each such element by <encryptedSecret decryptorType="…">encrypted form</encryptedSecret>, in its namespace.
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName DecryptorType = "decryptorType";

    /// <summary>True when some part of <paramref name="element"/> that Data Protection wants encrypted is in plain text.</summary>
    public static bool HoldsPlainSecret(XElement element) => element.DescendantsAndSelf().Any(IsMarked);

    /// <summary>A copy of <paramref name="element"/> with every marked part encrypted by <paramref name="encryptor"/>.</summary>
    public static XElement EncryptSecrets(XElement element, IXmlEncryptor encryptor)
    {
        var copy = new XElement(element);
        // Outermost marked elements only: a marked element inside one is encrypted with it.
        foreach (var secret in copy.DescendantsAndSelf().Where(e => IsMarked(e) && !e.Ancestors().Any(IsMarked)).ToList())
        {
            var encrypted = encryptor.Encrypt(new XElement(secret));
            var replacement = new XElement(EncryptedSecret, new XAttribute(DecryptorType, encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement);
            if (secret == copy)
            {
                return replacement;
            }
            secret.ReplaceWith(replacement);
        }
        return copy;
    }

    /// <summary>
    /// True when every encrypted part of <paramref name="element"/> opens with <paramref name="decryptor"/>: a key
    /// encrypted to another certificate would be copied, and then be unreadable on every node.
    /// </summary>
    public static bool Opens(XElement element, IXmlDecryptor decryptor)
    {
        foreach (var secret in element.DescendantsAndSelf(EncryptedSecret))
        {
            if (secret.Elements().FirstOrDefault() is not { } encrypted)
            {
                return false;
            }
            try
            {
                decryptor.Decrypt(new XElement(encrypted));
            }
            catch (CryptographicException)
            {
                return false;
            }
        }
        return true;
    }

    private static bool IsMarked(XElement element) => (bool?)element.Attribute(RequiresEncryption) == true;
}
