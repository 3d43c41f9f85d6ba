namespace PortalRelease.Sdk;

/// <summary>A request to return a target to a previous version.</summary>
public sealed class RollbackRequest
{
    /// <summary>The release being rolled back.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The version the release was deploying (to be removed).</summary>
    public required string FromVersion { get; init; }

    /// <summary>The version to return all traffic to; <c>null</c> when the target ran nothing before.</summary>
    public string? ToVersion { get; init; }

    /// <summary>Unique per intended action; a repeated key must not be applied twice.</summary>
    public required string IdempotencyKey { get; init; }
}
