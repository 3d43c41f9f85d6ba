using System.Security.Cryptography.X509Certificates;
using System.Xml;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>One element of a key ring, as it goes into <c>data_protection_keys</c>.</summary>
internal sealed record KeyRingEntry(string FriendlyName, string Xml, DateTimeOffset CreatedAt);

/// <summary>
/// The SQLite portal's key ring folder (<c>keys/</c> in its data folder), read to be copied into the shared table: on
/// PostgreSQL the nodes read their keys from there, and without them no copied target secret would open. A key kept in
/// plain text (a portal run without a certificate) is encrypted to the certificate on the way; an encrypted key must
/// open with it, or it would be copied only to be unreadable on every node.
/// </summary>
internal static class FileKeyRing
{
    public static IReadOnlyList<KeyRingEntry> Read(string directory, X509Certificate2 certificate, IXmlDecryptor decryptor, ILoggerFactory loggers)
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var encryptor = new KeyRingCertificateEncryptor(certificate, loggers);
        var entries = new List<KeyRingEntry>();
        // The files Data Protection's folder repository writes: <friendly name>.xml (the audit anchor's files are not XML).
        foreach (var file in Directory.GetFiles(directory, "*.xml").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            XElement element;
            try
            {
                element = XElement.Load(file);
            }
            catch (XmlException error)
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput, $"The key ring file keys/{name}.xml is not XML (line {error.LineNumber}); nothing was copied.");
            }
            if (KeyRingXml.HoldsPlainSecret(element))
            {
                element = KeyRingXml.EncryptSecrets(element, encryptor);
            }
            else if (!KeyRingXml.Opens(element, decryptor))
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"The key ring file keys/{name}.xml is encrypted to another certificate than {KeyRingOptions.Section}:Certificate: give migrate-store "
                    + "the certificate this portal's keys are encrypted to (and every node the same); nothing was copied.");
            }
            entries.Add(new KeyRingEntry(name, element.ToString(SaveOptions.DisableFormatting), File.GetLastWriteTimeUtc(file)));
        }
        return entries;
    }
}
