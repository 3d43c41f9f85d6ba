namespace PortalRelease.Contracts;

/// <summary>The values of <see cref="ReleaseView.State"/>: the lifecycle, plus the two transient states of a pending rollback.</summary>
public static class ReleaseStates
{
    public const string Proposed = "Proposed";
    public const string Validated = "Validated";
    public const string Deploying = "Deploying";
    public const string Verifying = "Verifying";
    public const string Promoted = "Promoted";
    public const string Failed = "Failed";
    public const string RolledBack = "RolledBack";
    public const string Aborted = "Aborted";
    public const string RollingBack = "RollingBack";
    public const string Aborting = "Aborting";

    /// <summary>Settled: the portal does nothing more with the release unless a person acts.</summary>
    public static bool IsFinal(string state) => state is Promoted or Failed or RolledBack or Aborted;
}
