using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Refuses to start with development mode (every plugin loads unchecked) unless the portal listens on loopback alone,
/// the way the Aspire Dashboard refuses to start unsecured rather than warn: a reachable portal that runs whatever
/// lands in <c>plugins/</c> is a remote code execution waiting for a writable folder.
/// </summary>
internal sealed class PluginDevelopmentModeValidator(IConfiguration configuration, IHostEnvironment environment) : IValidateOptions<PluginTrustOptions>
{
    public ValidateOptionsResult Validate(string? name, PluginTrustOptions options)
    {
        if (!options.IsDevelopmentMode(environment.IsDevelopment()))
        {
            return ValidateOptionsResult.Success;
        }
        var exposed = ListenAddresses.Configured(configuration).Where(a => !ListenAddresses.IsLoopback(a.Address)).ToList();
        return exposed.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(Refusal(options, string.Join(", ", exposed.Select(a => $"{a.Address} ({a.Setting})"))));
    }

    /// <summary>The refusal, naming the setting and the addresses that are not loopback.</summary>
    public static string Refusal(PluginTrustOptions options, string addresses)
    {
        var why = options.DevelopmentMode is null ? " (on because the environment is Development and the setting is not given)" : "";
        return $"{PluginTrustOptions.Section}:DevelopmentMode{why} loads every plugin without checking its hash, so it is allowed only "
            + $"while the portal listens on loopback alone, but it listens on {addresses}. Set {PluginTrustOptions.Section}:DevelopmentMode "
            + $"to false (built-in plugins stay trusted through {BuiltInPluginManifest.FileName}; allow others in {PluginTrustOptions.Section}:Allowed), "
            + "or listen on localhost only.";
    }
}
