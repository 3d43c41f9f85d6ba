using System.Text.RegularExpressions;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Ownership;

/// <summary>
/// What a service name is: the same rule as a template's <c>service:</c> (and an alert's service label), so every
/// service a release can ship can be registered, and nothing else can.
/// </summary>
public static partial class ServiceNames
{
    public const int MaxDescriptionLength = 500;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();

    public static bool IsValid(string? name) => name is not null && Shape().IsMatch(name);

    /// <summary>Null when <paramref name="name"/> is a service name; otherwise what is wrong with it.</summary>
    public static string? Problem(string? name) =>
        IsValid(name) ? null : $"a service name is 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit, found '{Excerpt.Of(name ?? "")}'";

    public static string? DescriptionProblem(string? description) =>
        description is null ? null
        : description.Length > MaxDescriptionLength ? $"at most {MaxDescriptionLength} characters, found {description.Length}"
        : description.Any(char.IsControl) ? "one line of printable characters, without control characters"
        : null;
}
