using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Tests.Api.OpenApi;

/// <summary>
/// The checked-in descriptions under <c>docs/openapi/</c>: <c>v1.json</c> is what the portal serves now (reviewed with
/// every change); <c>v1.shipped.json</c> is the contract clients were given, replaced only when a new API version
/// ships; <c>accepted-breaking-changes.txt</c> lists, one per line, breaking changes a reviewer let through on purpose.
/// </summary>
internal static class OpenApiFiles
{
    public static string Current => Path.Combine(Folder(), "v1.json");

    public static string Shipped => Path.Combine(Folder(), "v1.shipped.json");

    public static string Accepted => Path.Combine(Folder(), "accepted-breaking-changes.txt");

    public static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    /// <summary>The lines of the accepted list that are findings (blank lines and <c>#</c> comments aside).</summary>
    public static HashSet<string> AcceptedChanges() => File.ReadAllLines(Accepted)
        .Select(l => l.Trim())
        .Where(l => l.Length > 0 && !l.StartsWith('#'))
        .ToHashSet(StringComparer.Ordinal);

    /// <summary>Where a test leaves the served document for a reviewer to compare and copy: <c>artifacts/openapi/v1.json</c>.</summary>
    public static string WriteServed(string text)
    {
        var folder = Path.Combine(Root(), "artifacts", "openapi");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "v1.json");
        File.WriteAllText(path, text);
        return path;
    }

    private static string Folder() => Path.Combine(Root(), "docs", "openapi");

    private static string Root([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", ".."));
}
