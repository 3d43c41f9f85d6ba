using System.Collections.Concurrent;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Ownership;

/// <summary>The service a template ships and the team owning it, as the template list shows them.</summary>
public sealed record TemplateOwner(string Service, string? Team);

/// <summary>
/// A template's owner: the catalog's team for the template's <c>service:</c> (else its name, as releases use it).
/// Read-only: a template cannot claim an owner; the catalog says.
/// </summary>
public sealed class TemplateOwners(TemplateParser parser, ServiceOwners owners)
{
    // A template version never changes, so its service is parsed once.
    private readonly ConcurrentDictionary<(string Name, long Version), string> _services = new();

    public async Task<TemplateOwner> OfAsync(TemplateRecord template, CancellationToken cancellationToken = default)
    {
        var service = _services.GetOrAdd((template.Name, template.Version), _ => parser.Parse(template.Yaml).Template?.Service ?? template.Name);
        return new TemplateOwner(service, await owners.TeamOfAsync(service, cancellationToken));
    }

    /// <summary>The owner of each template, by template name.</summary>
    public async Task<IReadOnlyDictionary<string, TemplateOwner>> OfAllAsync(IEnumerable<TemplateRecord> templates, CancellationToken cancellationToken = default)
    {
        var result = new Dictionary<string, TemplateOwner>(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            result[template.Name] = await OfAsync(template, cancellationToken);
        }
        return result;
    }
}
