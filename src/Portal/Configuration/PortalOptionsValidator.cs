using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Configuration;

/// <summary>Fails start-up with a message naming the setting when appsettings.json is wrong.</summary>
public sealed class PortalOptionsValidator : IValidateOptions<PortalOptions>
{
    public ValidateOptionsResult Validate(string? name, PortalOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            errors.Add("Portal:DataDirectory must name a folder.");
        }
        if (string.IsNullOrWhiteSpace(options.PluginsDirectory))
        {
            errors.Add("Portal:PluginsDirectory must name a folder.");
        }
        if (options.Engine.DriverCallTimeout <= TimeSpan.Zero)
        {
            errors.Add($"Portal:Engine:DriverCallTimeout must be positive (was {options.Engine.DriverCallTimeout}).");
        }
        if (options.Engine.SampleInterval < TimeSpan.FromMilliseconds(100))
        {
            errors.Add($"Portal:Engine:SampleInterval must be at least 00:00:00.100 (was {options.Engine.SampleInterval}).");
        }
        if (string.IsNullOrWhiteSpace(options.Engine.DevelopmentIdentity))
        {
            errors.Add("Portal:Engine:DevelopmentIdentity must not be empty.");
        }
        if (!string.IsNullOrWhiteSpace(options.Telemetry.OtlpEndpoint) && !Uri.TryCreate(options.Telemetry.OtlpEndpoint, UriKind.Absolute, out _))
        {
            errors.Add($"Portal:Telemetry:OtlpEndpoint must be an absolute URL such as http://localhost:4317 (was '{options.Telemetry.OtlpEndpoint}').");
        }
        errors.AddRange(ResilienceOptionsValidator.Validate(options.Engine.Resilience));
        errors.AddRange(LimitsOptionsValidator.Validate(options.Limits));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
