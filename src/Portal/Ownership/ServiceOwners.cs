using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Ownership;

/// <summary>
/// The one place ownership is looked up: the catalog held in memory (every access decision asks), reloaded after
/// <see cref="ServiceCatalog"/> changes it.
/// </summary>
public sealed class ServiceOwners(ServiceCatalogRepository repository)
{
    private volatile IReadOnlyDictionary<string, ServiceEntry>? _entries;
    private long _generation;

    public async Task<IReadOnlyDictionary<string, ServiceEntry>> AllAsync(CancellationToken cancellationToken = default)
    {
        if (_entries is { } entries)
        {
            return entries;
        }
        var generation = Interlocked.Read(ref _generation);
        var loaded = (await repository.ListAsync(cancellationToken)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        // A change made while this load ran may be missing from it: keep it only if nothing changed meanwhile.
        if (Interlocked.Read(ref _generation) == generation)
        {
            _entries = loaded;
        }
        return loaded;
    }

    /// <summary>The team owning <paramref name="service"/>, or null when the catalog does not list it.</summary>
    public async Task<string?> TeamOfAsync(string service, CancellationToken cancellationToken = default) =>
        (await AllAsync(cancellationToken)).GetValueOrDefault(service)?.Team;

    /// <summary>The scope with its service's owning team filled in (unchanged when it names no service).</summary>
    public async Task<AccessScope> WithTeamAsync(AccessScope scope, CancellationToken cancellationToken = default) =>
        ReferenceEquals(scope, AccessScope.Anywhere) || scope.Service is null
            ? scope
            : scope with { Team = await TeamOfAsync(scope.Service, cancellationToken) };

    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries = null;
    }
}
