using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// The key ring's folder repository, with each key file owner-only (0600): the file system repository writes with the
/// process's default mode. The folder itself is owner-only too, so no one else could open a key file even meanwhile.
/// </summary>
internal sealed class OwnerOnlyXmlRepository(string directory, ILoggerFactory loggers) : IXmlRepository
{
    private readonly FileSystemXmlRepository _inner = new(OwnerOnly.CreateDirectory(directory), loggers);

    public IReadOnlyCollection<XElement> GetAllElements() => _inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _inner.StoreElement(element, friendlyName);
        OwnerOnly.Restrict(Path.Combine(directory, friendlyName + ".xml"));
    }
}
