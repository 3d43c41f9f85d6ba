using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// The key ring in the database (<see cref="DataProtectionKeyRepository"/>), for nodes sharing PostgreSQL: a key one
/// node creates is read by all, so secrets, sign-in cookies and antiforgery tokens protected on one node open on every
/// other. It refuses to store a key whose secret is still in plain text: whoever can read the table must not read keys.
/// </summary>
internal sealed class SharedXmlRepository(DataProtectionKeyRepository keys, TimeProvider time) : IXmlRepository
{
    // Data Protection's repository interface is synchronous. It is called at start, on the key ring's periodic refresh
    // and when a payload names a key this node has not seen yet: rarely enough that blocking for one query is cheap.
    public IReadOnlyCollection<XElement> GetAllElements() =>
        keys.ReadAllAsync().GetAwaiter().GetResult().Select(xml => XElement.Parse(xml)).ToList();

    public void StoreElement(XElement element, string friendlyName)
    {
        if (KeyRingXml.HoldsPlainSecret(element))
        {
            throw new InvalidOperationException(
                $"Refusing to store Data Protection key '{friendlyName}' in the shared database unencrypted: set {KeyRingOptions.Section}:Certificate "
                + "(the same certificate on every node).");
        }
        keys.AddAsync(friendlyName, element.ToString(SaveOptions.DisableFormatting), time.GetUtcNow()).GetAwaiter().GetResult();
    }
}
