using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Gates;

/// <summary>The validated gate settings, parsed once: role members and each environment's calendar.</summary>
public sealed class GateConfig
{
    private readonly Dictionary<string, DeploymentCalendar> _calendars = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, IReadOnlyList<string>> _roles = new(StringComparer.OrdinalIgnoreCase);

    public GateConfig(IOptions<GateOptions> options)
    {
        var errors = new List<string>();
        foreach (var (environment, calendar) in options.Value.Calendars)
        {
            if (CalendarParser.Parse(environment, calendar, errors) is { } parsed)
            {
                _calendars[environment] = parsed;
            }
        }
        foreach (var (role, members) in options.Value.Roles)
        {
            _roles[role] = members.Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m.Trim()).Distinct(StringComparer.Ordinal).ToList();
        }
    }

    public IReadOnlyDictionary<string, IReadOnlyList<string>> Roles => _roles;

    /// <summary>Every user named in any role, for the development identity picker.</summary>
    public IEnumerable<string> Users => _roles.Values.SelectMany(m => m).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    public IReadOnlyList<string> Members(string role) => _roles.GetValueOrDefault(role) ?? [];

    public bool IsMember(string role, string user) => Members(role).Contains(user, StringComparer.Ordinal);

    /// <summary>The roles <paramref name="user"/> is in.</summary>
    public IEnumerable<string> RolesOf(string user) => _roles.Where(r => r.Value.Contains(user, StringComparer.Ordinal)).Select(r => r.Key);

    public DeploymentCalendar? Calendar(string environment) => _calendars.GetValueOrDefault(environment);

    public CalendarCheck Check(string environment, DateTimeOffset now) => Calendar(environment)?.Check(now) ?? CalendarCheck.Open;
}
