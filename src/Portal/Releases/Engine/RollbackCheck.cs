using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Judges a target's status read after its rollback. A driver's "done" is its own claim: a release is reported rolled
/// back only when the target itself says the release's version no longer serves, and, after a rollback to nothing
/// (the target ran nothing before), that no version serves at all.
/// </summary>
public static class RollbackCheck
{
    /// <summary>Why the rollback of <paramref name="target"/> did not take, or null when the status shows it did.</summary>
    public static string? Problem(string target, TargetStatus status, string fromVersion, string? toVersion)
    {
        var canary = status.CanaryWeight > 0 ? status.CanaryVersion : null;
        var serving = new List<string>();
        if (string.Equals(status.StableVersion, fromVersion, StringComparison.Ordinal))
        {
            serving.Add("on stable");
        }
        if (string.Equals(canary, fromVersion, StringComparison.Ordinal))
        {
            serving.Add($"as the canary at {status.CanaryWeight}%");
        }
        if (serving.Count > 0)
        {
            return $"'{target}' still serves {fromVersion} {string.Join(" and ", serving)} after its driver reported the rollback done";
        }
        if (string.IsNullOrEmpty(toVersion) && (status.StableVersion ?? canary) is { } other)
        {
            return $"'{target}' ran no version before this release, yet serves {other} after the rollback to nothing";
        }
        return null;
    }
}
