namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Idempotency keys name an action by its place in the plan, never by time, so the same action gets the same
/// key after a restart and the driver recognises a re-issue.
/// </summary>
public static class ActionKeys
{
    public static string Apply(string releaseId, int step, string target) => $"{releaseId}/step-{step}/{target}";

    public static string Rollback(string releaseId, string target, int attempt) => $"{releaseId}/rollback-{attempt}/{target}";
}
