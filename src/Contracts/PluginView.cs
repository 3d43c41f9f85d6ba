using System.ComponentModel.DataAnnotations;

namespace PortalRelease.Contracts;

/// <summary>
/// One plugin folder as <c>GET /api/plugins</c> serves it: what its manifest says and what became of it at load.
/// <see cref="Status"/> is Loaded, Incompatible, Failed or Untrusted; <see cref="Reason"/> says why when not loaded.
/// </summary>
public sealed record PluginView
{
    /// <summary>The manifest's id, or the folder name when the manifest could not be read.</summary>
    public required string Id { get; init; }

    public string? Version { get; init; }

    /// <summary>The SDK ABI the manifest targets; null when the manifest could not be read.</summary>
    public int? AbiVersion { get; init; }

    /// <summary>The name of the plugin's folder inside the plugins directory.</summary>
    public required string Folder { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> TargetKinds { get; init; } = [];

    public IReadOnlyList<string> MetricKinds { get; init; } = [];

    /// <summary>Loaded, Incompatible, Failed or Untrusted (a string, so a status added later reads in an older client).</summary>
    [AllowedValues("Loaded", "Incompatible", "Failed", "Untrusted")]
    public required string Status { get; init; }

    public string? Reason { get; init; }

    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>The SHA-256 of the main assembly, lower-case hex.</summary>
    public string? Hash { get; init; }

    /// <summary>The folder hash the portal's allowlist is checked against.</summary>
    public string? Sha256 { get; init; }

    /// <summary>How long loading the plugin's code took, in milliseconds.</summary>
    public double? LoadMs { get; init; }

    public DateTimeOffset? ReloadedAt { get; init; }

    /// <summary>A change to the folder that waits, e.g. "Reload pending: in use by release r-1".</summary>
    public string? Pending { get; init; }
}
