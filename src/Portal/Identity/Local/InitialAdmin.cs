using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// Secure by default with nothing configured: on the first start in <see cref="AuthMode.Local"/> (no account exists yet)
/// creates <c>admin</c> with a random password that must be changed at first sign-in, prints it once on the console and
/// writes it to <c>data/initial-admin-password</c> (owner-only). It goes to the console, not the log: logs are shipped
/// to collectors, and a password there would outlive its purpose. Changing the password deletes the file.
/// </summary>
public sealed class InitialAdmin(LocalAccountService accounts, PortalPaths paths, IOptions<AuthOptions> options, IServiceProvider services) : IHostedLifecycleService
{
    public const string UserName = "admin";
    public const string Group = "admins";
    public const string FileName = "initial-admin-password";

    private string? _created;

    public string PasswordFile => Path.Combine(paths.DataDirectory, FileName);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode != AuthMode.Local || await accounts.AnyAsync(cancellationToken))
        {
            return;
        }
        var password = OneTimePassword.New();
        if (!await accounts.CreateAsync(UserName, "Administrator", password, [Group], mustChange: true, cancellationToken))
        {
            return;
        }
        OwnerOnly.CreateFile(PasswordFile);
        await File.WriteAllTextAsync(PasswordFile, password + Environment.NewLine, cancellationToken);
        _created = password;
    }

    /// <summary>Prints the password once the server listens, so the message can name where to sign in.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_created is not { } password)
        {
            return Task.CompletedTask;
        }
        _created = null;
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var where = addresses.Count == 0
            ? "/account/login"
            : string.Join(" or ", addresses.Select(a => a.Replace("[::]", "localhost", StringComparison.Ordinal).TrimEnd('/') + "/account/login"));
        Console.Out.WriteLine(
            $"""

            PortalRelease created the first administrator. Sign in at {where} as

                user:     {UserName}
                password: {password}

            The password is shown once (also in {PasswordFile}, readable by this user only) and must be changed at first sign-in.

            """);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
