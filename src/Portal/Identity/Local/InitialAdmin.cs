using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// Secure by default with nothing configured: on the first start in <see cref="AuthMode.Local"/> (no account exists yet)
/// creates <c>admin</c> with a random password that must be changed at first sign-in, prints it once on the console and
/// writes it to <c>data/initial-admin-password</c> (owner-only). It goes to the console, not the log: logs are shipped
/// to collectors, and a password there would outlive its purpose. Changing the password deletes the file.
/// </summary>
public sealed class InitialAdmin(LocalAccountService accounts, PortalPaths paths, IOptions<AuthOptions> options) : IHostedService
{
    public const string UserName = "admin";
    public const string Group = "admins";
    public const string FileName = "initial-admin-password";
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public string PasswordFile => Path.Combine(paths.DataDirectory, FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode != AuthMode.Local || await accounts.AnyAsync(cancellationToken))
        {
            return;
        }
        var password = RandomNumberGenerator.GetString(Alphabet, 24);
        if (!await accounts.CreateAsync(UserName, "Administrator", password, [Group], mustChange: true, cancellationToken))
        {
            return;
        }
        OwnerOnly.CreateFile(PasswordFile);
        await File.WriteAllTextAsync(PasswordFile, password + Environment.NewLine, cancellationToken);
        Console.Out.WriteLine(
            $"""

            PortalRelease created the first administrator. Sign in at /account/login as

                user:     {UserName}
                password: {password}

            The password is shown once (also in {PasswordFile}, readable by this user only) and must be changed at first sign-in.

            """);
    }

    /// <summary>The printed password is spent once the administrator chose their own.</summary>
    public void Forget()
    {
        if (File.Exists(PasswordFile))
        {
            File.Delete(PasswordFile);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
