using PortalRelease.Contracts;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Ownership;
using GrantSubjectKind = PortalRelease.Contracts.GrantSubjectKind;

namespace PortalRelease.Portal.Api;

/// <summary>Grants, local accounts, service accounts and the service catalog as the API serves them (the contracts).</summary>
internal static class AccessViews
{
    public static AccessGrantView ToView(this AccessGrant grant) => new(
        grant.Id, (GrantSubjectKind)(int)grant.Kind, grant.Subject, grant.Role, grant.Environments, grant.Services, grant.Source, grant.CreatedBy, grant.CreatedAt)
    {
        Teams = grant.Teams,
        AnyTeam = grant.AnyTeam,
        IsUnscoped = grant.IsUnscoped,
    };

    public static LocalUserView ToView(this LocalUserInfo user) => new(
        user.Id, user.DisplayName, user.Groups, user.MustChangePassword, user.LockedUntil, user.Disabled, user.DisabledAt, user.DisabledBy, user.CreatedAt, user.LastSignInAt);

    /// <summary>One of the two answers that carry a password: the one-time one the portal just made.</summary>
    public static LocalUserPasswordView ToView(this LocalUserPassword created) => new(created.User.ToView(), created.Password);

    public static ServiceAccountView ToView(this ServiceAccountInfo account) => new(
        account.Id, account.Name, account.DisplayName, account.Description, account.CreatedBy, account.CreatedAt, account.DisabledAt, account.DisabledBy,
        account.Tokens.Select(t => t.ToView()).ToList())
    {
        Disabled = account.Disabled,
    };

    public static ServiceEntryView ToView(this ServiceEntry entry) =>
        new(entry.Name, entry.Team, entry.Description, entry.CreatedBy, entry.CreatedAt, entry.UpdatedBy, entry.UpdatedAt);
}
