using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// Admins manage the built-in accounts: list, create (the portal makes a one-time password the user must change at
/// the first sign-in; an admin never chooses one), change display name and groups, disable and enable, unlock, reset
/// the password. Every change but an unlock replaces the account's security stamp, so its sessions end and the next
/// sign-in carries what changed. All of it needs ManageAccess everywhere, checked first, before any input is judged;
/// then the sign-in mode, since accounts mean something only under <see cref="AuthMode.Local"/>. Nothing is deleted: the
/// records keep naming someone who exists. Every change is in the audit log, never a password.
/// </summary>
public sealed class LocalUserService(
    LocalAccountRepository accounts,
    LastAdminRule lastAdmin,
    AccessGuard guard,
    AuditLog audit,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<LocalUserService> logger)
{
    private const string Kind = "account";

    // Access: ManageAccess
    public async Task<IReadOnlyList<LocalUserInfo>> ListAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var now = time.GetUtcNow();
        return (await accounts.ListAsync(cancellationToken)).Select(a => LocalUserInfo.From(a, now)).ToList();
    }

    // Access: ManageAccess
    public async Task<LocalUserInfo> GetAsync(AuditActor actor, string id, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        return LocalUserInfo.From(await FindAsync(id, cancellationToken), time.GetUtcNow());
    }

    // Access: ManageAccess
    public async Task<LocalUserPassword> CreateAsync(AuditActor actor, NewLocalUser input, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var errors = new RequestErrors();
        var id = LocalUserRules.UserName(input.UserName, errors);
        var displayName = LocalUserRules.DisplayName(input.DisplayName, id ?? "", errors);
        var groups = LocalUserRules.Groups(input.Groups, errors);
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }
        var password = OneTimePassword.New();
        var record = new LocalAccountRecord(id!, displayName!, LocalAccountService.HashPassword(id!, password), LocalAccountService.NewStamp(), 0, null, true, groups);
        if (!await accounts.CreateAsync(record, time.GetUtcNow(), cancellationToken))
        {
            throw new LocalUserException(LocalUserError.Exists, $"An account '{id}' exists already (disabled ones keep their name).");
        }
        await AuditAsync(actor, "account.create", id!, new JsonObject { ["displayName"] = displayName, ["groups"] = Array(groups) }, cancellationToken);
        logger.LogInformation("Local account {Account} created by {User}", id, actor.Id);
        return new LocalUserPassword(LocalUserInfo.From(await FindAsync(id!, cancellationToken), time.GetUtcNow()), password);
    }

    /// <summary>Changes display name and groups; refused when it would leave no enabled account able to manage access.</summary>
    // Access: ManageAccess
    public async Task<LocalUserInfo> UpdateAsync(AuditActor actor, string id, LocalUserChange change, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var account = await FindAsync(id, cancellationToken);
        var errors = new RequestErrors();
        var displayName = change.DisplayName is null ? account.DisplayName : LocalUserRules.DisplayName(change.DisplayName, account.Id, errors);
        var groups = change.Groups is null ? account.Groups : LocalUserRules.Groups(change.Groups, errors);
        if (errors.Count > 0)
        {
            throw Invalid(errors);
        }
        var renamed = displayName != account.DisplayName;
        var added = groups.Except(account.Groups, StringComparer.Ordinal).ToList();
        var removed = account.Groups.Except(groups, StringComparer.Ordinal).ToList();
        if (!renamed && added.Count == 0 && removed.Count == 0)
        {
            return LocalUserInfo.From(account, time.GetUtcNow());
        }
        await using (var write = await accounts.BeginAccessChangeAsync(cancellationToken))
        {
            await RefuseLosingTheLastAdminAsync(write, account, account with { Groups = groups }, actor, cancellationToken);
            if (!await write.UpdateAccountAsync(account.Id, account.SecurityStamp, displayName!, groups, LocalAccountService.NewStamp(), cancellationToken))
            {
                throw ChangedMeanwhile(account.Id);
            }
            await write.CommitAsync(cancellationToken);
        }
        if (renamed)
        {
            await AuditAsync(actor, "account.display-name", account.Id, new JsonObject { ["from"] = account.DisplayName, ["to"] = displayName }, cancellationToken);
        }
        if (added.Count > 0 || removed.Count > 0)
        {
            await AuditAsync(actor, "account.groups", account.Id, new JsonObject { ["added"] = Array(added), ["removed"] = Array(removed) }, cancellationToken);
        }
        return LocalUserInfo.From(await FindAsync(account.Id, cancellationToken), time.GetUtcNow());
    }

    /// <summary>Disables (sessions end, sign-in and personal tokens are refused) or enables an account.</summary>
    // Access: ManageAccess
    public async Task<LocalUserInfo> SetDisabledAsync(AuditActor actor, string id, bool disabled, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var account = await FindAsync(id, cancellationToken);
        if (account.Disabled == disabled)
        {
            // Nothing changes, nothing to record.
            return LocalUserInfo.From(account, time.GetUtcNow());
        }
        var now = time.GetUtcNow();
        if (disabled && account.Id == actor.Id)
        {
            throw new LocalUserException(
                LocalUserError.Refused, "You cannot disable your own account: it would end your session at once. Ask another admin.");
        }
        await using (var write = await accounts.BeginAccessChangeAsync(cancellationToken))
        {
            await RefuseLosingTheLastAdminAsync(write, account, account with { DisabledAt = disabled ? now : null }, actor, cancellationToken);
            if (!await write.SetDisabledAsync(account.Id, account.SecurityStamp, disabled ? now : null, disabled ? actor.Id : null, LocalAccountService.NewStamp(), cancellationToken))
            {
                throw ChangedMeanwhile(account.Id);
            }
            await write.CommitAsync(cancellationToken);
        }
        await AuditAsync(actor, disabled ? "account.disable" : "account.enable", account.Id, null, cancellationToken);
        logger.LogInformation("Local account {Account} {Change} by {User}", account.Id, disabled ? "disabled" : "enabled", actor.Id);
        return LocalUserInfo.From(await FindAsync(account.Id, cancellationToken), now);
    }

    /// <summary>Lifts a lock after failed sign-ins and forgets the failures.</summary>
    // Access: ManageAccess
    public async Task<LocalUserInfo> UnlockAsync(AuditActor actor, string id, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var account = await FindAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        if (account.LockedUntil <= now || (account.LockedUntil is null && account.FailedCount == 0))
        {
            return LocalUserInfo.From(account, now);
        }
        await accounts.UnlockAsync(account.Id, cancellationToken);
        await AuditAsync(actor, "account.unlock", account.Id, new JsonObject { ["wasLocked"] = account.LockedUntil > now }, cancellationToken);
        return LocalUserInfo.From(await FindAsync(account.Id, cancellationToken), now);
    }

    /// <summary>A new one-time password (shown once, to be changed at the next sign-in); sessions end and a lock lifts.</summary>
    // Access: ManageAccess
    public async Task<LocalUserPassword> ResetPasswordAsync(AuditActor actor, string id, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var account = await FindAsync(id, cancellationToken);
        var password = OneTimePassword.New();
        var now = time.GetUtcNow();
        if (!await accounts.ResetPasswordAsync(account.Id, account.SecurityStamp, LocalAccountService.HashPassword(account.Id, password), LocalAccountService.NewStamp(), now, cancellationToken))
        {
            throw ChangedMeanwhile(account.Id);
        }
        await AuditAsync(actor, "account.password-reset", account.Id, null, cancellationToken);
        logger.LogInformation("Local account {Account} password reset by {User}", account.Id, actor.Id);
        return new LocalUserPassword(LocalUserInfo.From(await FindAsync(account.Id, cancellationToken), now), password);
    }

    /// <summary>
    /// Refuses a change that takes the last enabled account able to manage access (admin everywhere, by the <c>admins</c>
    /// group or any grant) out of that: nobody could sign in to undo it. Judged inside <paramref name="write"/>, on the
    /// accounts and grants as they are now; an account changed since <paramref name="before"/> was read is refused as such.
    /// </summary>
    private async Task RefuseLosingTheLastAdminAsync(
        AccessChangeTransaction write, LocalAccountRecord before, LocalAccountRecord after, AuditActor actor, CancellationToken cancellationToken)
    {
        var accountsNow = await write.AccountsAsync(cancellationToken);
        if (accountsNow.FirstOrDefault(a => a.Id == before.Id)?.SecurityStamp != before.SecurityStamp)
        {
            throw ChangedMeanwhile(before.Id);
        }
        var stored = await write.StoredGrantsAsync(cancellationToken);
        if (!lastAdmin.LosesTheLast(accountsNow, stored, [.. accountsNow.Select(a => a.Id == before.Id ? after : a)], stored))
        {
            return;
        }
        var who = before.Id == actor.Id ? "You are" : $"'{before.Id}' is";
        throw new LocalUserException(
            LocalUserError.Refused,
            $"{who} the last enabled account with admin everywhere (group {InitialAdmin.Group} or a grant): after this change nobody could manage access. "
            + "Make another account an admin first.");
    }

    private async Task DemandAsync(AuditActor actor)
    {
        await guard.DemandAsync(actor, AccessPermission.ManageAccess, AccessScope.Global);
        if (options.Value.Mode != AuthMode.Local)
        {
            throw new LocalUserException(
                LocalUserError.Refused,
                $"Built-in accounts are managed only when {AuthOptions.Section}:Mode is Local; this portal signs people in with {options.Value.Mode}"
                + (options.Value.Mode == AuthMode.Oidc ? ": manage people at the identity provider." : "."));
        }
    }

    private async Task<LocalAccountRecord> FindAsync(string id, CancellationToken cancellationToken) =>
        (id is { Length: > 0 and <= LocalAccountService.MaxUserNameLength } ? await accounts.FindAsync(id, cancellationToken) : null)
        ?? throw new LocalUserException(LocalUserError.NotFound, $"There is no local account '{Input.Excerpt.Of(id)}'.");

    private async Task AuditAsync(AuditActor actor, string action, string id, JsonObject? details, CancellationToken cancellationToken) =>
        await audit.AppendAsync(new AuditEntry(actor, action, Kind, id, Details: details), cancellationToken);

    private static LocalUserException Invalid(RequestErrors errors) =>
        new(LocalUserError.Invalid, $"The account was not changed: {errors.First().Key}: {errors.First().Value[0]}", errors);

    private static LocalUserException ChangedMeanwhile(string id) =>
        new(LocalUserError.Refused, $"The account '{id}' was changed meanwhile; look again and retry.");

    private static JsonArray Array(IEnumerable<string> values) => new([.. values.Select(v => JsonValue.Create(v))]);
}
