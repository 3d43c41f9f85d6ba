using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>A local account as admins see it: never its password nor its hash.</summary>
public sealed record LocalUserInfo(
    string Id,
    string DisplayName,
    IReadOnlyList<string> Groups,
    bool MustChangePassword,
    DateTimeOffset? LockedUntil,
    bool Disabled,
    DateTimeOffset? DisabledAt,
    string? DisabledBy,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? LastSignInAt)
{
    /// <summary>The account as stored, locked only while its lock lasts at <paramref name="now"/>.</summary>
    public static LocalUserInfo From(LocalAccountRecord account, DateTimeOffset now) => new(
        account.Id, account.DisplayName, account.Groups, account.MustChange, account.LockedUntil > now ? account.LockedUntil : null,
        account.Disabled, account.DisabledAt, account.DisabledBy, account.CreatedAt, account.LastSignInAt);
}

/// <summary>An account with a password the portal just made: shown once, to be changed at the first sign-in.</summary>
public sealed record LocalUserPassword(LocalUserInfo User, string Password);

/// <summary>What an admin submits for a new account. There is no password: the portal makes one.</summary>
public sealed record NewLocalUser(string? UserName, string? DisplayName, IReadOnlyList<string?>? Groups);

/// <summary>What an admin changes on an account; a field left null stays as it is.</summary>
public sealed record LocalUserChange(string? DisplayName, IReadOnlyList<string?>? Groups);

public enum LocalUserError
{
    /// <summary>The input is bad (400, per field).</summary>
    Invalid,

    NotFound,

    /// <summary>The user name is taken.</summary>
    Exists,

    /// <summary>Not allowed as things stand: the last admin, one's own account, the sign-in mode, a concurrent change (409).</summary>
    Refused,
}

/// <summary>A request about local accounts that cannot be honoured: what kind of refusal, and per field for bad input.</summary>
public sealed class LocalUserException(LocalUserError error, string message, RequestErrors? errors = null) : Exception(message)
{
    public LocalUserError Error { get; } = error;

    public RequestErrors Errors { get; } = errors ?? new RequestErrors();
}
