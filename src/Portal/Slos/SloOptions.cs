using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Slos;

/// <summary>The <c>Portal:Slos</c> settings.</summary>
public sealed class SloOptions
{
    public const string Section = "Portal:Slos";

    /// <summary>
    /// How long an SLO's measurement (its window, burn rates and history) is reused before the metric sources are asked
    /// again. A 30-day window is a long query; the SLO page, the API, the plan preview and the freeze all read through
    /// it. Zero measures on every call. Burn-rate pauses of running releases always measure afresh.
    /// </summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Fails start-up with a message naming the setting when <c>Portal:Slos</c> is wrong.</summary>
public sealed class SloOptionsValidator : IValidateOptions<SloOptions>
{
    public ValidateOptionsResult Validate(string? name, SloOptions options) =>
        options.CacheFor < TimeSpan.Zero || options.CacheFor > TimeSpan.FromHours(1)
            ? ValidateOptionsResult.Fail($"Portal:Slos:CacheFor '{options.CacheFor}' must lie between 00:00:00 (no cache) and 01:00:00.")
            : ValidateOptionsResult.Success;
}
