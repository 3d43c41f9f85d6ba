using PortalRelease.Plugins.Cdn.Api;

namespace PortalRelease.Plugins.Cdn.Edge;

/// <summary>A service's versions with the portal's records read from their comments.</summary>
internal sealed class ServiceHistory
{
    private readonly Dictionary<int, Entry> _byNumber;

    public ServiceHistory(IEnumerable<FastlyVersion> versions)
    {
        Entries = versions.OrderBy(v => v.Number).Select(v => new Entry(v, ReleaseMarker.FromComment(v.Comment))).ToList();
        _byNumber = Entries.ToDictionary(e => e.Version.Number);
    }

    public IReadOnlyList<Entry> Entries { get; }

    public Entry? Active => Entries.LastOrDefault(e => e.Version.Active);

    public int Newest => Entries.Count == 0 ? 0 : Entries[^1].Version.Number;

    public Entry? Find(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>The newest version made for an idempotency key (an earlier one may have been abandoned after a conflict).</summary>
    public Entry? NewestWithKey(string key) => Entries.LastOrDefault(e => e.Marker?.Key == key);

    /// <summary>The version staging serves, when the service has been staged.</summary>
    public int? Staged => Entries
        .SelectMany(e => e.Version.Environments ?? [])
        .FirstOrDefault(e => string.Equals(e.Name, "staging", StringComparison.Ordinal))?.ActiveVersion;

    public sealed record Entry(FastlyVersion Version, ReleaseMarker? Marker)
    {
        public int Number => Version.Number;
    }
}
