namespace PortalRelease.Plugins.Sandbox.Settings;

/// <summary>A glob over version strings: <c>*</c> matches any run of characters, everything else matches itself (ordinal).</summary>
internal sealed class VersionPattern
{
    private readonly string[] _parts;

    public VersionPattern(string pattern)
    {
        Text = pattern;
        _parts = pattern.Split('*');
    }

    public string Text { get; }

    public bool IsMatch(string? version)
    {
        if (version is null)
        {
            return false;
        }

        // No '*': exact match.
        if (_parts.Length == 1)
        {
            return string.Equals(version, Text, StringComparison.Ordinal);
        }

        var first = _parts[0];
        var last = _parts[^1];
        if (version.Length < first.Length + last.Length
            || !version.StartsWith(first, StringComparison.Ordinal)
            || !version.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        // The middle parts must appear in order between the fixed prefix and suffix; taking the
        // earliest occurrence of each is optimal for globs that only have '*'.
        var position = first.Length;
        var limit = version.Length - last.Length;
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var part = _parts[i];
            if (part.Length == 0)
            {
                continue;
            }

            var found = version.IndexOf(part, position, limit - position, StringComparison.Ordinal);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return true;
    }

    public override string ToString() => Text;
}
