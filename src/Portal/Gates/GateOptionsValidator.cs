using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Gates;

/// <summary>Fails start-up with a message naming the setting when Portal:Calendars is wrong.</summary>
public sealed partial class GateOptionsValidator : IValidateOptions<GateOptions>
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    public ValidateOptionsResult Validate(string? name, GateOptions options)
    {
        var errors = new List<string>();
        foreach (var (environment, calendar) in options.Calendars)
        {
            if (!Name().IsMatch(environment))
            {
                errors.Add($"Portal:Calendars:{environment} is not an environment name: use 1 to 63 letters, digits, '.', '_' or '-'.");
            }
            CalendarParser.Parse(environment, calendar, errors);
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
