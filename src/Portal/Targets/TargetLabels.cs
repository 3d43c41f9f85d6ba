using System.Text.RegularExpressions;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// A target's environment and owning team: what access checks scope by (who may deploy there, who may manage the
/// target), so they are data an admin sets, checked whole-string like the names they are compared with: an environment
/// as a template's <c>environment:</c> and <c>Portal:Calendars</c> write it, a team as a group name.
/// </summary>
public static partial class TargetLabels
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex EnvironmentName();

    /// <summary>Null when <paramref name="environment"/> is an environment name; otherwise what is wrong with it.</summary>
    public static string? EnvironmentProblem(string environment) =>
        EnvironmentName().IsMatch(environment)
            ? null
            : $"an environment is 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit (as a stage's environment: and Portal:Calendars name it), found '{Excerpt.Of(environment)}'";

    /// <summary>Null when <paramref name="team"/> is a group name; otherwise what is wrong with it.</summary>
    public static string? TeamProblem(string team) => GrantRules.GroupProblem(team) is { } problem ? $"the owning team is {problem}" : null;

    /// <summary>
    /// The label an input asks for: the stored one when the input leaves it out (null), none when it sends "" (an
    /// unlabelled target, which only unscoped admins manage), else the value sent, checked.
    /// </summary>
    public static string? Resolve(string? sent, string? stored, string path, Func<string, string?> problem, List<TargetError> errors)
    {
        if (sent is null)
        {
            return stored;
        }
        if (sent.Length == 0)
        {
            return null;
        }
        if (problem(sent) is { } wrong)
        {
            errors.Add(new TargetError(path, wrong));
            return stored;
        }
        return sent;
    }
}
