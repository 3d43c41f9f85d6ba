using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Input;

/// <summary>
/// Comments and reasons are journaled and shown to every approver: each is bounded by <c>Portal:Limits:CommentLength</c>
/// and holds no control characters but line breaks and tabs. The services check them, so the API and the pages' dialogs
/// are bound alike.
/// </summary>
public static class TextLimit
{
    /// <summary>Null when <paramref name="text"/> is acceptable (or absent); otherwise what is wrong, naming <paramref name="field"/> and the setting.</summary>
    public static string? CheckComment(string? text, string field, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (text is null)
        {
            return null;
        }
        if (text.Length > limits.CommentLength)
        {
            return $"'{field}' is {text.Length} characters long; at most {limits.CommentLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.CommentLength)}). Nothing was changed.";
        }
        return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t'))
            ? $"'{field}' holds control characters ('{Excerpt.Of(text)}'); write plain text. Nothing was changed."
            : null;
    }
}
