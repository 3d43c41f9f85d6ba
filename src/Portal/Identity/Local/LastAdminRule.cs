using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// No change may leave no enabled account with admin everywhere (by the <c>admins</c> group or any grant): nobody could
/// sign in to undo it. Judged on the accounts and stored grants read inside the change's
/// <see cref="AccessChangeTransaction"/>, before and after it — never on a copy read earlier, which a change racing
/// this one may already have made untrue. Accounts sign people in only under <see cref="AuthMode.Local"/>.
/// </summary>
public sealed class LastAdminRule(AccessControl access, IOptions<AuthOptions> auth)
{
    public bool Applies => auth.Value.Mode == AuthMode.Local;

    /// <summary>True when there was an enabled admin before the change and there is none after it.</summary>
    public bool LosesTheLast(
        IReadOnlyList<LocalAccountRecord> accountsBefore, IReadOnlyList<AccessGrant> storedBefore,
        IReadOnlyList<LocalAccountRecord> accountsAfter, IReadOnlyList<AccessGrant> storedAfter) =>
        Applies && AnyAdmin(accountsBefore, storedBefore) && !AnyAdmin(accountsAfter, storedAfter);

    private bool AnyAdmin(IReadOnlyList<LocalAccountRecord> accounts, IReadOnlyList<AccessGrant> stored)
    {
        var grants = access.With(stored);
        return accounts.Any(a => !a.Disabled
            && access.GrantsOf(new PortalUser(a.Id, a.DisplayName, null, a.Groups, LocalAccountService.Method), grants)
                .Any(g => g.Role == AccessRoles.Admin && g.IsUnscoped));
    }
}
