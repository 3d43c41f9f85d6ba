using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Gates;

/// <summary>
/// The validated gate settings, parsed: each environment's calendar. Validated at start (a bad
/// appsettings.json stops the portal); afterwards an edit of <c>Portal:Calendars</c> takes
/// effect when the configuration reloads, and an edit that does not validate is logged and ignored, so the last good
/// settings stay in force rather than a typo opening or closing every environment.
/// </summary>
public sealed class GateConfig : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly GateOptionsValidator _validator;
    private readonly ILogger<GateConfig> _logger;
    private readonly IDisposable _watch;
    private volatile Snapshot _current;

    /// <param name="options">The settings at start, validated by <see cref="GateOptionsValidator"/> before the portal serves.</param>
    /// <param name="configuration">The configuration to watch: its reload (appsettings.json saved) rereads the Portal section.</param>
    /// <param name="logger">Where a rejected edit is reported.</param>
    public GateConfig(IOptions<GateOptions> options, IConfiguration configuration, ILogger<GateConfig> logger)
    {
        _validator = new GateOptionsValidator();
        _configuration = configuration;
        _logger = logger;
        _current = Snapshot.From(options.Value);
        _watch = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>Why the last edit of the gate settings was ignored; null when the settings in force are the newest.</summary>
    public string? ReloadError { get; private set; }

    /// <summary>Raised after a valid edit replaced the settings in force.</summary>
    public event Action? Changed;

    public DeploymentCalendar? Calendar(string environment) => _current.Calendars.GetValueOrDefault(environment);

    public CalendarCheck Check(string environment, DateTimeOffset now) => Calendar(environment)?.Check(now) ?? CalendarCheck.Open;

    public void Dispose() => _watch.Dispose();

    private void Reload()
    {
        GateOptions options;
        try
        {
            options = new GateOptions();
            _configuration.GetSection(PortalOptions.Section).Bind(options);
        }
        catch (InvalidOperationException error)
        {
            Reject([error.Message]);
            return;
        }
        var result = _validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            Reject(result.Failures);
            return;
        }
        var next = Snapshot.From(options);
        if (next.Equals(_current))
        {
            ReloadError = null;
            return;
        }
        _current = next;
        ReloadError = null;
        _logger.LogInformation("Gate settings reloaded: calendars for {Environments}",
            next.Calendars.Count == 0 ? "no environment" : string.Join(", ", next.Calendars.Keys.Order(StringComparer.Ordinal)));
        Changed?.Invoke();
    }

    private void Reject(IEnumerable<string> failures)
    {
        var message = string.Join(" ", failures);
        if (message == ReloadError)
        {
            return;
        }
        // Logged before the error is published: whoever sees ReloadError (the page, a test) finds the log line already written.
        _logger.LogError("The edited Portal:Calendars settings are invalid and were not applied; the last valid settings stay in force until the file is fixed: {Errors}", message);
        ReloadError = message;
    }

    /// <summary>One consistent set of settings: a reload swaps the whole snapshot, so a reader never sees half an edit.</summary>
    private sealed record Snapshot(
        IReadOnlyDictionary<string, DeploymentCalendar> Calendars,
        string Source)
    {
        public static Snapshot From(GateOptions options)
        {
            var errors = new List<string>();
            var calendars = new Dictionary<string, DeploymentCalendar>(StringComparer.OrdinalIgnoreCase);
            foreach (var (environment, calendar) in options.Calendars)
            {
                if (CalendarParser.Parse(environment, calendar, errors) is { } parsed)
                {
                    calendars[environment] = parsed;
                }
            }
            return new Snapshot(calendars, System.Text.Json.JsonSerializer.Serialize(options));
        }

        // Equal when the settings read the same; a reload that changed something else in the file is no change here.
        public bool Equals(Snapshot? other) => other is not null && other.Source == Source;

        public override int GetHashCode() => Source.GetHashCode(StringComparison.Ordinal);
    }
}
