namespace PortalRelease.Portal.Releases;

/// <summary>
/// Proposed → Validated → Deploying ⇄ Verifying → Promoted, or → Failed → RolledBack; Aborted when a person stops it.
/// Paused and awaiting a person are sub-states shown beside these, not lifecycle states.
/// </summary>
public enum Lifecycle
{
    Proposed,
    Validated,
    Deploying,
    Verifying,
    Promoted,
    Failed,
    RolledBack,
    Aborted,
}
