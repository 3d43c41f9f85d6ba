using PortalRelease.Plugins.Serverless.Api;

namespace PortalRelease.Plugins.Serverless.Deployment;

/// <summary>
/// How a release version is tied to a Lambda version number: the published version's description is
/// <c>portalrelease:&lt;version&gt;</c>, so a repeated apply finds the version it published before instead of
/// publishing again. Versions published by others read as <c>lambda:&lt;number&gt;</c>, which a rollback also accepts.
/// </summary>
internal static class VersionLabel
{
    public const string Prefix = "portalrelease:";
    public const string ForeignPrefix = "lambda:";

    // Lambda descriptions hold at most 256 characters.
    public const int MaxVersionLength = 256 - 14;

    public static string Describe(string version) => Prefix + version;

    /// <summary>The release version a published Lambda version carries, or <c>lambda:N</c> for one the portal did not publish.</summary>
    public static string Of(FunctionConfiguration version) =>
        version.Description is { } description && description.StartsWith(Prefix, StringComparison.Ordinal) && description.Length > Prefix.Length
            ? description[Prefix.Length..]
            : ForeignPrefix + version.Version;

    /// <summary>The Lambda version number a release version names, among the function's published versions.</summary>
    public static string? Find(IEnumerable<FunctionConfiguration> versions, string version)
    {
        if (version.StartsWith(ForeignPrefix, StringComparison.Ordinal))
        {
            var number = version[ForeignPrefix.Length..];
            return versions.Any(v => v.Version == number) ? number : null;
        }
        var label = Describe(version);
        // Newest first: a version republished after a failed attempt wins.
        return versions
            .Where(v => v.Description == label && long.TryParse(v.Version, out _))
            .OrderByDescending(v => long.Parse(v.Version!, System.Globalization.CultureInfo.InvariantCulture))
            .Select(v => v.Version)
            .FirstOrDefault();
    }
}
