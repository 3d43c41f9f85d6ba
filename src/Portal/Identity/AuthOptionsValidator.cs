using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// Checks <c>Portal:Auth</c> at start, naming each setting, and refuses <see cref="AuthMode.Development"/> unless every
/// configured listen address is loopback: the Aspire Dashboard refuses to start unsecured the same way, because a
/// portal that believes whoever calls it is an open door to production. <see cref="DevelopmentModeGuard"/> checks the
/// addresses actually bound.
/// </summary>
internal sealed class AuthOptionsValidator(IConfiguration configuration, IOptions<PortalOptions> portal) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var local = options.Local;
        if (local.LockoutAttempts is < 1 or > 100)
        {
            errors.Add($"{AuthOptions.Section}:Local:LockoutAttempts must be 1 to 100 (was {local.LockoutAttempts}).");
        }
        if (local.LockoutDuration < TimeSpan.FromSeconds(1) || local.LockoutDuration > TimeSpan.FromDays(1))
        {
            errors.Add($"{AuthOptions.Section}:Local:LockoutDuration must be 00:00:01 to 1.00:00:00 (was {local.LockoutDuration}).");
        }
        if (local.MinimumPasswordLength is < 8 or > 128)
        {
            errors.Add($"{AuthOptions.Section}:Local:MinimumPasswordLength must be 8 to 128 (was {local.MinimumPasswordLength}).");
        }
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > TimeSpan.FromDays(30))
        {
            errors.Add($"{AuthOptions.Section}:SessionLifetime must be 00:01:00 to 30.00:00:00 (was {options.SessionLifetime}).");
        }
        if (options.RevalidationInterval < TimeSpan.FromSeconds(5) || options.RevalidationInterval > TimeSpan.FromHours(1))
        {
            errors.Add($"{AuthOptions.Section}:RevalidationInterval must be 00:00:05 to 01:00:00 (was {options.RevalidationInterval}).");
        }
        for (var i = 0; i < options.AllowedOrigins.Count; i++)
        {
            var origin = options.AllowedOrigins[i];
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0)
            {
                errors.Add($"{AuthOptions.Section}:AllowedOrigins:{i} ('{Input.Excerpt.Of(origin)}') is not an origin such as https://portal.example.");
            }
        }
        if (options.Mode == AuthMode.Development)
        {
            var exposed = ListenAddresses.Configured(configuration).Where(a => !ListenAddresses.IsLoopback(a.Address)).ToList();
            if (exposed.Count > 0)
            {
                errors.Add(DevelopmentRefusal(string.Join(", ", exposed.Select(a => $"{a.Address} ({a.Setting})"))));
            }
        }
        else if (portal.Value.Engine.AllowIdentityHeader)
        {
            errors.Add($"Portal:Engine:AllowIdentityHeader lets a caller name any user; it is allowed only with {AuthOptions.Section}:Mode Development (the mode is {options.Mode}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static string DevelopmentRefusal(string addresses) =>
        $"{AuthOptions.Section}:Mode Development signs every caller in as the development identity, so it is allowed only while the portal "
        + $"listens on loopback alone, but it listens on {addresses}. Use {AuthOptions.Section}:Mode Local (built-in accounts) or Oidc, "
        + "or listen on localhost only.";
}
