using Microsoft.AspNetCore.Routing;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>What the endpoint-enumeration tests share: the running portal's routes as concrete paths, and a database snapshot.</summary>
internal static class PortalEndpoints
{
    public static bool IsStaticAsset(RouteEndpoint endpoint) =>
        endpoint.Metadata.Any(m => m.GetType().Name == "StaticAssetDescriptor")
        || endpoint.RoutePattern.RawText?.StartsWith("/_framework", StringComparison.Ordinal) == true
        || endpoint.RoutePattern.RawText?.StartsWith("_framework", StringComparison.Ordinal) == true;

    public static string Pattern(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');

    /// <summary>A concrete path for a pattern: every parameter filled with a plausible value.</summary>
    public static string Fill(Microsoft.AspNetCore.Routing.Patterns.RoutePattern pattern)
    {
        var path = "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => parameter.IsCatchAll ? "x/y" : "x",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        }))));
        return path;
    }

    /// <summary>Row counts of every table: anything an anonymous call changed shows up here.</summary>
    public static async Task<Dictionary<string, long>> SnapshotAsync(string databaseFile)
    {
        await using var connection = new SqliteConnection($"Data Source={databaseFile}");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in tables)
        {
            await using var count = connection.CreateCommand();
            count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
            counts[table] = (long)(await count.ExecuteScalarAsync())!;
        }
        return counts;
    }
}
