using System.Collections.Frozen;

namespace PortalRelease.Portal.Identity.Access;

/// <summary>
/// The built-in roles, each a fixed set of permissions. Fixed on purpose: a grant says who gets which role where, so
/// reading the Access page answers "who may do this" without reading custom role definitions too.
/// </summary>
public static class AccessRoles
{
    public const string Viewer = "viewer";
    public const string Deployer = "deployer";
    public const string Approver = "approver";
    public const string Operator = "operator";
    public const string Admin = "admin";

    /// <summary>Role name → its permissions, ordered from least to most.</summary>
    public static readonly FrozenDictionary<string, FrozenSet<AccessPermission>> Permissions = new Dictionary<string, FrozenSet<AccessPermission>>(StringComparer.Ordinal)
    {
        [Viewer] = new[] { AccessPermission.View }.ToFrozenSet(),
        [Deployer] = new[] { AccessPermission.View, AccessPermission.Deploy }.ToFrozenSet(),
        [Approver] = new[] { AccessPermission.View, AccessPermission.Approve }.ToFrozenSet(),
        [Operator] = new[]
        {
            AccessPermission.View, AccessPermission.Deploy, AccessPermission.Operate, AccessPermission.Override,
            AccessPermission.Quarantine, AccessPermission.Incidents,
        }.ToFrozenSet(),
        [Admin] = Enum.GetValues<AccessPermission>().ToFrozenSet(),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The role names in order from least to most privilege.</summary>
    public static readonly IReadOnlyList<string> Names = [Viewer, Deployer, Approver, Operator, Admin];

    public static bool IsRole(string? name) => name is not null && Permissions.ContainsKey(name);

    public static bool Allows(string role, AccessPermission permission) =>
        Permissions.TryGetValue(role, out var permissions) && permissions.Contains(permission);
}
