using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Plugins;

/// <summary>Fails start-up naming the allowlist entry when <c>Portal:Plugins</c> is wrong, so a typo never silently refuses a plugin.</summary>
public sealed class PluginTrustOptionsValidator : IValidateOptions<PluginTrustOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginTrustOptions options)
    {
        var errors = new List<string>(options.ReadErrors);
        foreach (var entry in options.Allowed)
        {
            var who = entry.Id is null ? entry.Path : $"{entry.Path} (id '{entry.Id}')";
            if (entry.Sha256.Length == 0)
            {
                errors.Add($"{who} has no sha256; give the plugin folder's hash as shown on the Plugins page.");
            }
            else if (!PluginFolderHash.IsWellFormed(entry.Sha256))
            {
                errors.Add($"{who}: '{entry.Sha256}' is not a SHA-256 hash (64 hex digits); copy it from the Plugins page or compute it as docs/operations.md shows.");
            }
        }
        if (options.ReloadDelay < TimeSpan.FromMilliseconds(50) || options.ReloadDelay > TimeSpan.FromMinutes(10))
        {
            errors.Add($"{PluginTrustOptions.Section}:ReloadDelay must be between 00:00:00.050 and 00:10:00 (was {options.ReloadDelay}).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
