namespace PortalRelease.Portal.Identity.Ci;

/// <summary>
/// One JwtBearer scheme per distinct issuer of <c>Portal:Auth:Ci:Issuers</c> (each has its own keys and discovery
/// document), named <c>Ci-0</c>, <c>Ci-1</c>… in order of first appearance. A trailing slash does not make another issuer.
/// </summary>
internal static class CiSchemes
{
    public const string Prefix = "Ci-";

    /// <summary>Tokens live minutes; a small allowance covers runners whose clocks drift a little, not a replay window.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    public static string Normalize(string? issuer) => (issuer ?? "").TrimEnd('/');

    public static IReadOnlyList<string> Issuers(CiOptions options) =>
        options.Issuers.Select(r => Normalize(r.Issuer)).Where(i => i.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    public static string SchemeName(int index) => Prefix + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The scheme for tokens of <paramref name="issuer"/>, or null when no rule names it.</summary>
    public static string? SchemeFor(CiOptions options, string issuer)
    {
        var index = Issuers(options).ToList().IndexOf(Normalize(issuer));
        return index < 0 ? null : SchemeName(index);
    }

    /// <summary>The issuer a scheme serves and its rules in order, or null for a name that is not a CI scheme.</summary>
    public static (string Issuer, IReadOnlyList<CiIssuerOptions> Rules)? Of(CiOptions options, string scheme)
    {
        if (!scheme.StartsWith(Prefix, StringComparison.Ordinal)
            || !int.TryParse(scheme.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            return null;
        }
        var issuers = Issuers(options);
        if (index >= issuers.Count)
        {
            return null;
        }
        var issuer = issuers[index];
        return (issuer, options.Issuers.Where(r => Normalize(r.Issuer) == issuer).ToList());
    }
}
