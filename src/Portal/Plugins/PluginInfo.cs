namespace PortalRelease.Portal.Plugins;

/// <summary>One plugin folder as the portal saw it at load: what its manifest says and what became of it.</summary>
public sealed record PluginInfo
{
    /// <summary>The manifest's id, or the folder name when the manifest could not be read.</summary>
    public required string Id { get; init; }

    public string? Version { get; init; }

    /// <summary>The SDK ABI the manifest targets; <c>null</c> when the manifest could not be read.</summary>
    public int? AbiVersion { get; init; }

    /// <summary>The name of the plugin's folder inside the plugins directory.</summary>
    public required string Folder { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<string> TargetKinds { get; init; } = [];

    public IReadOnlyList<string> MetricKinds { get; init; } = [];

    public required PluginStatus Status { get; init; }

    /// <summary>Why the plugin is not loaded; <c>null</c> when it is.</summary>
    public string? Reason { get; init; }

    /// <summary>When the plugin's code was loaded; <c>null</c> unless loaded.</summary>
    public DateTimeOffset? LoadedAt { get; init; }

    /// <summary>The SHA-256 of the main assembly, lower-case hex; <c>null</c> when there is no assembly to hash.</summary>
    public string? Hash { get; init; }

    /// <summary>The folder hash the allowlist is checked against (<see cref="PluginFolderHash"/>); <c>null</c> when it could not be computed.</summary>
    public string? Sha256 { get; init; }

    /// <summary>How long loading its code and running <c>Register</c> took, in milliseconds; <c>null</c> unless loaded.</summary>
    public double? LoadMs { get; init; }

    /// <summary>When the folder was last reloaded while the portal ran; <c>null</c> when it has been loaded once only.</summary>
    public DateTimeOffset? ReloadedAt { get; init; }

    /// <summary>A change to the folder that waits, e.g. "Reload pending: in use by release r-1"; <c>null</c> when none.</summary>
    public string? Pending { get; init; }
}
