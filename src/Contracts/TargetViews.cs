using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// A deployment target as <c>GET /api/targets</c> serves it. <see cref="Settings"/> stays JSON (each kind has its own);
/// <see cref="Secrets"/> says only which secrets are set, never their values.
/// </summary>
public sealed record TargetView(
    string Name,
    string Kind,
    string? DriverName,
    bool DriverLoaded,
    JsonElement Settings,
    IReadOnlyDictionary<string, SecretStateView> Secrets,
    DateTimeOffset CreatedAt,
    DateTimeOffset? UpdatedAt)
{
    public string? Environment { get; init; }

    public string? Team { get; init; }
}

/// <summary>Whether a target's secret has a stored value.</summary>
public sealed record SecretStateView(bool Set);

/// <summary>
/// What <c>POST /api/targets/{name}/test</c> found: the driver's own status, or why it could not be read.
/// <see cref="Ok"/> is true when the target is Healthy or Degraded.
/// </summary>
public sealed record TargetTestResultView(
    string Health,
    bool Ok,
    string? Detail,
    bool Ready,
    string? StableVersion,
    string? CanaryVersion,
    int CanaryWeight,
    long ElapsedMs);
