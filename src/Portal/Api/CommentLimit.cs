using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Api;

/// <summary>Comments and reasons are journaled and shown to every approver: each is bounded by <c>Portal:Limits:CommentLength</c>.</summary>
internal static class CommentLimit
{
    /// <summary>A 400 naming the field and the limit when <paramref name="text"/> is too long or holds control characters other than line breaks; otherwise null.</summary>
    public static IResult? Check(string? text, string field, LimitsOptions limits)
    {
        if (text is null)
        {
            return null;
        }
        if (text.Length > limits.CommentLength)
        {
            return Problems.BadRequest(
                $"'{field}' is {text.Length} characters long; at most {limits.CommentLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.CommentLength)}). Nothing was changed.");
        }
        if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return Problems.BadRequest($"'{field}' holds control characters ('{Excerpt.Of(text)}'); write plain text. Nothing was changed.");
        }
        return null;
    }

    /// <summary>A name (a service) is one line of at most 100 printable characters.</summary>
    public static IResult? CheckName(string? text, string field)
    {
        const int max = 100;
        return text is not null && (text.Length > max || text.Any(char.IsControl))
            ? Problems.BadRequest($"'{field}' must be at most {max} printable characters on one line; got '{Excerpt.Of(text)}'. Nothing was changed.")
            : null;
    }
}
