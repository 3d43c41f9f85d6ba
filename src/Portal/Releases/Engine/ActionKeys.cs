namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Idempotency keys name an action by its place in the plan, never by time, so the same action gets the same
/// key after a restart and the driver recognises a re-issue.
/// </summary>
public static class ActionKeys
{
    public static string Apply(string releaseId, int step, string target) => $"{releaseId}/step-{step}/{target}";

    /// <summary>The plan step an apply key names (<see cref="Apply"/>: <c>{release}/step-{n}/{target}</c>); null for other keys.</summary>
    public static int? StepOf(string key)
    {
        var parts = key.Split('/');
        return parts.Length >= 3 && parts[^2].StartsWith("step-", StringComparison.Ordinal)
            && int.TryParse(parts[^2].AsSpan(5), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var step)
            ? step
            : null;
    }

    public static string Rollback(string releaseId, string target, int attempt) => $"{releaseId}/rollback-{attempt}/{target}";
}
