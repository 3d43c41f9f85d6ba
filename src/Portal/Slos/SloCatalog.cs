using PortalRelease.Portal.Data;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>A service's SLOs and the targets it runs on, as its templates declare them.</summary>
public sealed record ServiceSlos(string Service, IReadOnlyList<SloDefinition> Slos, IReadOnlyList<string> Targets);

/// <summary>
/// Where SLOs come from: the newest version of every template. A service's SLOs are those of its templates (the
/// first template naming an SLO wins), its targets the fixed target names of their stages (a target written as a
/// parameter is only known per release).
/// </summary>
public sealed class SloCatalog(TemplateRepository templates, TemplateParser parser)
{
    public async Task<IReadOnlyList<ServiceSlos>> ListAsync(CancellationToken cancellationToken)
    {
        var services = new SortedDictionary<string, (List<SloDefinition> Slos, SortedSet<string> Targets)>(StringComparer.Ordinal);
        foreach (var record in await templates.ListLatestAsync(cancellationToken))
        {
            if (parser.Parse(record.Yaml).Template is not { Slos.Count: > 0 } template)
            {
                continue;
            }
            var name = template.Service ?? template.Name;
            if (!services.TryGetValue(name, out var entry))
            {
                entry = ([], new SortedSet<string>(StringComparer.Ordinal));
                services[name] = entry;
            }
            entry.Slos.AddRange(template.Slos.Where(s => entry.Slos.All(known => known.Name != s.Name)));
            entry.Targets.UnionWith(template.Stages.SelectMany(s => s.Targets).Where(t => !Placeholders.Contains(t)));
        }
        return services.Select(s => new ServiceSlos(s.Key, s.Value.Slos, s.Value.Targets.ToList())).ToList();
    }

    public async Task<ServiceSlos?> FindAsync(string service, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(s => s.Service == service);
}
