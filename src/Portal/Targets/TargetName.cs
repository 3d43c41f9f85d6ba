using System.Text.RegularExpressions;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Targets;

/// <summary>Target names appear in templates, URLs and plugin data folders: DNS-label style keeps them safe in all three.</summary>
public static partial class TargetName
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\z")]
    private static partial Regex Pattern();

    /// <summary>Null when the name is acceptable; otherwise what is wrong with it.</summary>
    public static string? Check(string? name) =>
        string.IsNullOrEmpty(name) ? "A name is required, e.g. k8s-eu."
        : name.Length > 63 ? $"The name is {name.Length} characters long; at most 63 are allowed."
        : !Pattern().IsMatch(name) ? $"'{Excerpt.Of(name)}' is not a valid name: use lower-case letters, digits and dashes, starting and ending with a letter or digit."
        : null;
}
