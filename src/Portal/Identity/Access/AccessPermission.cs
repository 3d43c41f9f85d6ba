namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// One thing a user may do. Roles are fixed sets of these (<see cref="AccessRoles"/>); a grant gives a role to a user,
/// a group or everyone within environments and services, and every service checks the permission its action needs.
/// </summary>
public enum AccessPermission
{
    /// <summary>See releases, their plans, journals and live feed.</summary>
    View,

    /// <summary>Start releases, and pause, resume, abort or roll back one's own.</summary>
    Deploy,

    /// <summary>Approve or reject an approval gate (the gate may further name a group).</summary>
    Approve,

    /// <summary>Pause, resume, abort or roll back anyone's release.</summary>
    Operate,

    /// <summary>Override a closed window, a freeze or a spent error budget.</summary>
    Override,

    /// <summary>Mark and lift quarantines.</summary>
    Quarantine,

    /// <summary>Report incidents (the Alertmanager webhook) and act on them.</summary>
    Incidents,

    /// <summary>Create, change, test and delete targets.</summary>
    ManageTargets,

    /// <summary>Import and change templates.</summary>
    ManageTemplates,

    /// <summary>Trust and distrust plugins.</summary>
    ManagePlugins,

    /// <summary>Grant and revoke access; manage local accounts and service accounts.</summary>
    ManageAccess,

    /// <summary>Read and export the audit log and verify the chains.</summary>
    ReadAudit,
}
