using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Plugins.Cdn.Edge;

/// <summary>
/// The portal's record of one service version, kept in the version's Fastly comment so it survives a portal crash
/// and is visible in the Fastly control panel: which idempotency key and release made the version, what it routes,
/// and which version was active when it was made (the chain a rollback walks back).
/// </summary>
internal sealed record ReleaseMarker
{
    public const string ApplyAction = "apply";
    public const string RollbackAction = "rollback";

    private const string Prefix = "[portalrelease:";

    [JsonPropertyName("key")]
    public required string Key { get; init; }

    [JsonPropertyName("release")]
    public required string Release { get; init; }

    [JsonPropertyName("action")]
    public required string Action { get; init; }

    /// <summary>The version the stable backend serves; <c>null</c> when the service's own backends serve stable traffic.</summary>
    [JsonPropertyName("stable")]
    public string? Stable { get; init; }

    [JsonPropertyName("canary")]
    public string? Canary { get; init; }

    [JsonPropertyName("weight")]
    public int Weight { get; init; }

    /// <summary>The version that was active when this one was made.</summary>
    [JsonPropertyName("previous")]
    public int? Previous { get; init; }

    /// <summary>For a rollback: the version whose configuration this one restores.</summary>
    [JsonPropertyName("restores")]
    public int? Restores { get; init; }

    /// <summary>The comment written to Fastly: a sentence for people, then the record for the portal.</summary>
    public string ToComment() => $"PortalRelease {Release}: {Describe()} {Prefix}{JsonSerializer.Serialize(this)}]";

    /// <summary>Reads the record from a comment; <c>null</c> for versions the portal did not make.</summary>
    public static ReleaseMarker? FromComment(string? comment)
    {
        var start = comment?.LastIndexOf(Prefix, StringComparison.Ordinal) ?? -1;
        if (start < 0 || !comment!.EndsWith(']'))
        {
            return null;
        }

        var json = comment[(start + Prefix.Length)..^1];
        try
        {
            var marker = JsonSerializer.Deserialize<ReleaseMarker>(json);
            return marker is { Key.Length: > 0, Release.Length: > 0 } ? marker : null;
        }
        catch (JsonException)
        {
            // Someone edited the comment by hand: the version counts as not made by the portal.
            return null;
        }
    }

    public string Describe()
    {
        var stable = Stable is null ? "the service's own backends serve stable traffic" : $"stable {Stable}";
        var routing = Canary is null ? $"{stable} at 100%" : $"{stable} at {100 - Weight}%, canary {Canary} at {Weight}%";
        return Action == RollbackAction ? $"rollback to the configuration of version {Restores} ({routing})" : routing;
    }
}
