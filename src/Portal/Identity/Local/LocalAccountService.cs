using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>The outcome of a sign-in attempt with a built-in account.</summary>
public sealed record LocalSignInResult(PortalUser? User, string? SecurityStamp, bool MustChangePassword, string? Error)
{
    public bool Succeeded => User is not null;
}

/// <summary>
/// Built-in accounts: checks passwords against salted hashes, counts failures and locks an account after
/// <c>Portal:Auth:Local:LockoutAttempts</c> in a row, changes passwords. The same words answer a wrong user name and a
/// wrong password, and an unknown user still costs one hash check, so neither the answer nor its time tells which
/// accounts exist.
/// </summary>
public sealed class LocalAccountService(
    LocalAccountRepository accounts,
    AuditLog audit,
    IOptions<AuthOptions> options,
    TimeProvider time,
    ILogger<LocalAccountService> logger)
{
    public const string Method = "local";
    public const int MaxUserNameLength = 64;
    public const int MaxPasswordLength = 256;
    private const string WrongCredentials = "The user name or password is not right.";

    private static readonly PasswordHasher<string> Hasher = new();

    // A hash of a password nobody knows: verifying against it costs what a real check costs.
    private static readonly string DecoyHash = Hasher.HashPassword("", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

    /// <summary>The account id a typed user name stands for: trimmed, lower case.</summary>
    public static string NormalizeId(string userName) => userName.Trim().ToLowerInvariant();

    /// <summary>Checks a sign-in and records it in the audit log, failed or not, with the client's address.</summary>
    public async Task<LocalSignInResult> SignInAsync(string? userName, string? password, string? address, CancellationToken cancellationToken = default)
    {
        var result = await CheckAsync(userName, password, cancellationToken);
        // An unknown name is not recorded as typed: people type passwords into the user name field.
        var id = result.User?.Id ?? (userName is { Length: > 0 and <= MaxUserNameLength } typed && await accounts.FindAsync(NormalizeId(typed), cancellationToken) is not null
            ? NormalizeId(typed)
            : "(unknown account)");
        await audit.AppendAsync(
            new AuditEntry(
                new AuditActor(id, result.User?.Name ?? id, Method, address), "auth.sign-in", "account", id,
                result.Succeeded ? AuditOutcomes.Ok : "refused",
                result.Error is null ? null : new JsonObject { ["reason"] = result.Error }),
            cancellationToken);
        return result;
    }

    private async Task<LocalSignInResult> CheckAsync(string? userName, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            || userName.Length > MaxUserNameLength || password.Length > MaxPasswordLength)
        {
            return new(null, null, false, WrongCredentials);
        }
        var id = NormalizeId(userName);
        var account = await accounts.FindAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        if (account is null)
        {
            Hasher.VerifyHashedPassword("", DecoyHash, password);
            logger.LogWarning("Failed sign-in for an unknown local account");
            return new(null, null, false, WrongCredentials);
        }
        if (account.LockedUntil is { } until && until > now)
        {
            logger.LogWarning("Refused sign-in of locked local account {Account}", id);
            return new(null, null, false, $"This account is locked after repeated failed sign-ins; try again after {until:HH:mm} UTC or ask an administrator.");
        }
        if (Hasher.VerifyHashedPassword(id, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            var local = options.Value.Local;
            await accounts.RecordFailureAsync(id, local.LockoutAttempts, local.LockoutDuration, now, cancellationToken);
            logger.LogWarning("Failed sign-in for local account {Account}", id);
            return new(null, null, false, WrongCredentials);
        }
        // Said only to whoever knows the password: to anyone else a disabled account answers like any other.
        if (account.Disabled)
        {
            logger.LogWarning("Refused sign-in of disabled local account {Account}", id);
            return new(null, null, false, "This account is disabled; ask an administrator.");
        }
        await accounts.RecordSuccessAsync(id, now, cancellationToken);
        return new(ToUser(account), account.SecurityStamp, account.MustChange, null);
    }

    /// <summary>The account's user and stamp while the account exists, is enabled and not locked; null ends a session.</summary>
    public async Task<(PortalUser User, string Stamp)?> CurrentAsync(string id, CancellationToken cancellationToken = default)
    {
        var account = await accounts.FindAsync(id, cancellationToken);
        if (account is null || account.Disabled || account.LockedUntil > time.GetUtcNow())
        {
            return null;
        }
        return (ToUser(account), account.SecurityStamp);
    }

    /// <summary>Changes a password after checking the current one; returns an error in words, or null when changed.</summary>
    public async Task<string?> ChangePasswordAsync(string id, string? current, string? replacement, string? address, CancellationToken cancellationToken = default)
    {
        var error = await ChangeAsync(id, current, replacement, cancellationToken);
        await audit.AppendAsync(
            new AuditEntry(
                new AuditActor(id, id, Method, address), "account.password-change", "account", id, error is null ? AuditOutcomes.Ok : "refused",
                error is null ? null : new JsonObject { ["reason"] = error }),
            cancellationToken);
        return error;
    }

    private async Task<string?> ChangeAsync(string id, string? current, string? replacement, CancellationToken cancellationToken)
    {
        var minimum = options.Value.Local.MinimumPasswordLength;
        if (string.IsNullOrEmpty(replacement) || replacement.Length < minimum || replacement.Length > MaxPasswordLength)
        {
            return $"The new password must be {minimum} to {MaxPasswordLength} characters long.";
        }
        if (replacement == current)
        {
            return "The new password must differ from the current one.";
        }
        var account = await accounts.FindAsync(id, cancellationToken);
        if (account is null || string.IsNullOrEmpty(current) || current.Length > MaxPasswordLength
            || Hasher.VerifyHashedPassword(id, account.PasswordHash, current) == PasswordVerificationResult.Failed)
        {
            return "The current password is not right.";
        }
        var changed = await accounts.SetPasswordAsync(id, account.SecurityStamp, Hasher.HashPassword(id, replacement), NewStamp(), time.GetUtcNow(), cancellationToken);
        return changed ? null : "The password was changed meanwhile; sign in again.";
    }

    /// <summary>Creates an account; false when the id is taken.</summary>
    public Task<bool> CreateAsync(string userName, string displayName, string password, IReadOnlyList<string> groups, bool mustChange, CancellationToken cancellationToken = default)
    {
        var id = NormalizeId(userName);
        var record = new LocalAccountRecord(id, displayName, Hasher.HashPassword(id, password), NewStamp(), 0, null, mustChange, groups);
        return accounts.CreateAsync(record, time.GetUtcNow(), cancellationToken);
    }

    public Task<bool> AnyAsync(CancellationToken cancellationToken = default) => accounts.AnyAsync(cancellationToken);

    private static PortalUser ToUser(LocalAccountRecord account) => new(account.Id, account.DisplayName, null, account.Groups, Method);

    /// <summary>The stored form of a password: salted and iterated, never the password.</summary>
    internal static string HashPassword(string id, string password) => Hasher.HashPassword(id, password);

    /// <summary>A new security stamp: every session signed in with the old one ends at its next request.</summary>
    internal static string NewStamp() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
