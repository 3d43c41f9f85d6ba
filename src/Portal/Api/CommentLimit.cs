using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Names in a request body checked before a service sees them. Comments and reasons are the services' to bound
/// (<see cref="TextLimit"/>), so the pages are bound too.
/// </summary>
internal static class CommentLimit
{
    /// <summary>A name (a service) is one line of at most 100 printable characters.</summary>
    public static IResult? CheckName(string? text, string field)
    {
        const int max = 100;
        return text is not null && (text.Length > max || text.Any(char.IsControl))
            ? Problems.BadRequest($"'{field}' must be at most {max} printable characters on one line; got '{Excerpt.Of(text)}'. Nothing was changed.")
            : null;
    }
}
