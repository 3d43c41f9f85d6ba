using System.Globalization;
using System.Text;

namespace PortalRelease.Cli;

/// <summary>
/// Text from the portal (reasons, comments, driver errors, names, error bodies) made safe for a terminal or a CI log:
/// a raw newline could forge a log line (<c>::stop-commands::</c> on GitHub), an escape sequence could move the cursor
/// or write the clipboard (OSC 52), a bidi override could make a line read other than it is. Each such character is
/// written as <c>\uXXXX</c>, visible but inert. JSON output needs none of this: its encoder escapes them already.
/// </summary>
public static class SafeText
{
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }
        if (!text.Any(IsUnsafe))
        {
            return text;
        }
        var clean = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                clean.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                clean.Append(c);
            }
        }
        return clean.ToString();
    }

    // C0 controls (all of them: a tab or a newline from the portal has no place inside one line), DEL, C1 controls,
    // the bidi embeddings and overrides (U+202A–U+202E) and isolates (U+2066–U+2069).
    private static bool IsUnsafe(char c) =>
        c < '\u0020' || (c >= '\u007f' && c <= '\u009f') || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
}
