using System.Globalization;
using System.Text.Json;
using PortalRelease.Plugins.Prometheus.Queries;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Http;

/// <summary>
/// Reads the API's JSON envelope (<c>status</c>, <c>data.resultType</c>, <c>data.result</c>, or <c>errorType</c>
/// and <c>error</c>) into series, turning every error shape into a <see cref="DriverException"/>.
/// </summary>
internal static class PromResponseReader
{
    /// <summary>The error Prometheus reported, if the body is its error envelope.</summary>
    public static (string Type, string Message)? ReadError(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String
            || status.GetString() != "error")
        {
            return null;
        }
        var type = root.TryGetProperty("errorType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "unknown";
        var message = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "(no message)";
        return (type, message);
    }

    /// <summary>Turns an error envelope into the exception shown to people.</summary>
    public static DriverException ToException((string Type, string Message) error, string metric) => error.Type switch
    {
        "bad_data" => new DriverException($"Prometheus rejected the query for {metric}: {error.Message}"),
        "timeout" or "canceled" or "unavailable" => new DriverException($"Prometheus could not finish the query for {metric} ({error.Type}): {error.Message}") { IsTransient = true },
        _ => new DriverException($"Prometheus failed to run the query for {metric} ({error.Type}): {error.Message}"),
    };

    /// <summary>Reads a successful answer's series; a scalar becomes one series without labels.</summary>
    public static IReadOnlyList<PromSeries> ReadSeries(JsonElement root, string metric, string server)
    {
        if (ReadError(root) is { } error)
        {
            throw ToException(error, metric);
        }
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("status", out var status) || status.GetString() != "success"
            || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("resultType", out var typeValue) || !data.TryGetProperty("result", out var result))
        {
            throw NotPrometheus(server, metric);
        }
        try
        {
            return typeValue.GetString() switch
            {
                "vector" => [.. result.EnumerateArray().Select(s => new PromSeries(Labels(s), [Sample(s.GetProperty("value"))]))],
                "matrix" => [.. result.EnumerateArray().Select(s => new PromSeries(Labels(s), [.. s.GetProperty("values").EnumerateArray().Select(Sample)]))],
                "scalar" => [new PromSeries(new Dictionary<string, string>(), [Sample(result)])],
                var other => throw new DriverException($"The query for {metric} returns a {other} where a number was expected."),
            };
        }
        catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw NotPrometheus(server, metric);
        }
    }

    public static DriverException NotPrometheus(string server, string metric) =>
        new($"{server} answered the query for {metric} with something that is not a Prometheus API response; is the url the Prometheus server's root?");

    private static Dictionary<string, string> Labels(JsonElement series) =>
        series.TryGetProperty("metric", out var labels) && labels.ValueKind == JsonValueKind.Object
            ? labels.EnumerateObject().ToDictionary(l => l.Name, l => l.Value.GetString() ?? "", StringComparer.Ordinal)
            : [];

    // A sample is [ <unix seconds>, "<value>" ]; values are strings so NaN and ±Inf survive JSON.
    private static MetricPoint Sample(JsonElement pair)
    {
        var at = PromDuration.FromUnixSeconds(pair[0].GetDouble());
        var text = pair[1].GetString() ?? throw new FormatException();
        var value = text switch
        {
            "NaN" => double.NaN,
            "+Inf" or "Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new MetricPoint(at, value);
    }
}
