namespace PortalRelease.Contracts;

/// <summary>
/// One plugin folder as <c>GET /api/plugins</c> serves it: what its manifest says and what became of it at load.
/// <see cref="Status"/> is Loaded, Incompatible, Failed or Untrusted; <see cref="Reason"/> says why when not loaded.
/// </summary>
public sealed record PluginView(string Id, string Folder, string Status)
{
    public string? Version { get; init; }

    public int? AbiVersion { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> TargetKinds { get; init; } = [];

    public IReadOnlyList<string> MetricKinds { get; init; } = [];

    public string? Reason { get; init; }

    public DateTimeOffset? LoadedAt { get; init; }

    public string? Hash { get; init; }

    public string? Sha256 { get; init; }

    public double? LoadMs { get; init; }

    public DateTimeOffset? ReloadedAt { get; init; }

    public string? Pending { get; init; }
}
