using System.Text;

namespace PortalRelease.Portal.Input;

/// <summary>
/// How an error message quotes what a client sent: at most <see cref="MaxLength"/> characters, with an ellipsis when
/// cut, and control characters written as escapes, so a message can neither grow with the input nor hide a trailing
/// newline (<c>'sandbox-eu\n'</c> reads as such).
/// </summary>
public static class Excerpt
{
    public const int MaxLength = 80;

    public static string Of(string? value, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 8);
        var shown = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (shown >= maxLength)
            {
                return text.Append('…').ToString();
            }
            text.Append(Rune.IsControl(rune) ? Escape(rune) : rune.ToString());
            shown++;
        }
        return text.ToString();
    }

    private static string Escape(Rune rune) => rune.Value switch
    {
        '\n' => "\\n",
        '\r' => "\\r",
        '\t' => "\\t",
        _ => $"\\u{rune.Value:x4}",
    };
}
