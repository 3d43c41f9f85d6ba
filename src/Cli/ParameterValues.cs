using System.Text.Json;

namespace PortalRelease.Cli;

/// <summary>
/// <c>--param NAME=VALUE</c>: the template's parameters are typed, so a value that reads as JSON is sent as that JSON
/// (<c>0.05</c> a number, <c>true</c> a boolean, <c>"10"</c> a string); anything else is sent as a string (<c>eu</c>, <c>30s</c>).
/// </summary>
public static class ParameterValues
{
    /// <summary>The parameters, or the first malformed one in <paramref name="error"/>.</summary>
    public static Dictionary<string, JsonElement>? Parse(IEnumerable<string> pairs, out string? error)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                error = $"--param takes NAME=VALUE; got '{pair}'.";
                return null;
            }
            var name = pair[..equals].Trim();
            if (!values.TryAdd(name, Value(pair[(equals + 1)..])))
            {
                error = $"--param {name} is given twice.";
                return null;
            }
        }
        error = null;
        return values;
    }

    private static JsonElement Value(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
