using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Plugins.DbMigrations.Migrations;

/// <summary>
/// A version folder's name: up to four numeric parts and an optional pre-release suffix (<c>1.4.0</c>, <c>2.0.0-rc.1</c>).
/// Orders like semantic versions: numerically part by part, and a pre-release before its release.
/// </summary>
internal sealed partial class MigrationVersion : IComparable<MigrationVersion>
{
    private readonly long[] _parts;
    private readonly string? _preRelease;

    private MigrationVersion(string text, long[] parts, string? preRelease)
    {
        Text = text;
        _parts = parts;
        _preRelease = preRelease;
    }

    public string Text { get; }

    public static MigrationVersion? TryParse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var parts = new long[4];
        var numbers = match.Groups[1].Value.Split('.');
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!long.TryParse(numbers[i], NumberStyles.None, CultureInfo.InvariantCulture, out parts[i]))
            {
                return null;
            }
        }

        return new MigrationVersion(text, parts, match.Groups[2].Success ? match.Groups[2].Value : null);
    }

    public int CompareTo(MigrationVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        for (var i = 0; i < _parts.Length; i++)
        {
            var compared = _parts[i].CompareTo(other._parts[i]);
            if (compared != 0)
            {
                return compared;
            }
        }

        return (_preRelease, other._preRelease) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            _ => string.CompareOrdinal(_preRelease, other._preRelease),
        };
    }

    public override string ToString() => Text;

    [GeneratedRegex(@"^v?([0-9]{1,9}(?:\.[0-9]{1,9}){0,3})(?:-([0-9A-Za-z][0-9A-Za-z.\-]*))?\z")]
    private static partial Regex Pattern();
}
