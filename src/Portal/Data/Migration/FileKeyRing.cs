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
    /// <summary>
    /// The most a key file may hold. Data Protection writes about 1 KiB a key (3 KiB encrypted to a certificate); the
    /// bound keeps a planted file from filling memory and the shared table, where every node reads every key.
    /// </summary>
    public const int MaxFileBytes = 256 * 1024;

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
            var element = Load(file, name);
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

    /// <summary>
    /// One key file, if it is a regular file of at most <see cref="MaxFileBytes"/>. Data Protection writes only regular
    /// files: a link would copy whatever it points at into the table every node reads, and a pipe or a device would
    /// block the read or never end it. The size is checked again while reading, for a file that grows in between.
    /// </summary>
    private static XElement Load(string file, string name)
    {
        string? kind;
        try
        {
            kind = FileEntry.NotRegular(file);
        }
        catch (IOException error)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput, $"The key ring file keys/{name}.xml cannot be examined ({error.Message}); nothing was copied.", error);
        }
        if (kind is not null)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput,
                $"The key ring file keys/{name}.xml is {kind}, not a regular file: migrate-store reads only regular files from keys/; nothing was copied.");
        }
        var buffer = new byte[MaxFileBytes + 1];
        int length;
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            length = new FileInfo(file).Length > MaxFileBytes ? buffer.Length : stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        if (length > MaxFileBytes)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput,
                $"The key ring file keys/{name}.xml is larger than 256 KiB (a key is a few KiB): it is not a key Data Protection wrote; nothing was copied.");
        }
        try
        {
            // No DTD: Data Protection never writes one, and entities are the way to make a small file expand.
            using var reader = XmlReader.Create(new MemoryStream(buffer, 0, length), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true });
            return XElement.Load(reader);
        }
        catch (XmlException error)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput, $"The key ring file keys/{name}.xml is not XML (line {error.LineNumber}); nothing was copied.");
        }
    }
}
