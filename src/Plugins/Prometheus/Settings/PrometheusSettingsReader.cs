using System.Text.Json;
using PortalRelease.Plugins.Prometheus.Queries;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Settings;

/// <summary>
/// Reads the <c>prometheus</c> object of a target's settings, collecting every problem with a JSON-pointer path.
/// Other properties of the settings belong to the target's driver and are not looked at.
/// </summary>
internal static class PrometheusSettingsReader
{
    public const string Property = "prometheus";

    private const string Root = "/" + Property;
    public const string BearerTokenSecret = Property + "/bearerToken";

    private static readonly string[] KnownProperties = ["url", "queries", "timeoutSeconds", "scrapeIntervalSeconds", "stepSeconds", "bearerToken"];
    private static readonly string[] QueryProperties = ["query", "samples"];

    /// <summary>Reads the settings; returns <c>null</c> when <paramref name="errors"/> received anything.</summary>
    public static PrometheusSettings? Read(JsonElement settings, List<SettingsError> errors, IReadOnlyDictionary<string, string>? secrets = null)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object with a '{Property}' object, not {Describe(settings.ValueKind)}."));
            return null;
        }
        if (!settings.TryGetProperty(Property, out var prometheus))
        {
            errors.Add(Error(Root, """Required by the prometheus metric source: an object such as { "url": "http://prometheus:9090", "queries": { "error-rate": "<PromQL>" } }."""));
            return null;
        }
        if (prometheus.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(Root, $"Must be an object, not {Describe(prometheus.ValueKind)}."));
            return null;
        }

        var before = errors.Count;
        CheckProperties(prometheus, Root, KnownProperties, errors);
        var url = ReadUrl(prometheus, errors);
        var queries = ReadQueries(prometheus, errors);
        var timeout = ReadSeconds(prometheus, "timeoutSeconds", PrometheusSettings.DefaultTimeoutSeconds, PrometheusSettings.MaxTimeoutSeconds, errors);
        var scrape = ReadSeconds(prometheus, "scrapeIntervalSeconds", PrometheusSettings.DefaultScrapeIntervalSeconds, double.MaxValue, errors);
        var step = prometheus.TryGetProperty("stepSeconds", out _) ? ReadSeconds(prometheus, "stepSeconds", 1, double.MaxValue, errors) : (TimeSpan?)null;
        var token = ReadBearerToken(prometheus, secrets, errors);
        if (errors.Count > before || url is null)
        {
            return null;
        }
        return new PrometheusSettings { Url = url, Queries = queries, Timeout = timeout, ScrapeInterval = scrape, Step = step, BearerToken = token };
    }

    /// <summary>Reads a target's settings for a query, throwing one message that lists every problem.</summary>
    public static PrometheusSettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, errors, target.Secrets);
        if (settings is null)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The Prometheus settings of target '{target.Name}' are invalid: {problems}");
        }
        return settings;
    }

    private static Uri? ReadUrl(JsonElement prometheus, List<SettingsError> errors)
    {
        const string path = Root + "/url";
        if (!prometheus.TryGetProperty("url", out var value))
        {
            errors.Add(Error(path, "Required: the Prometheus server's root, e.g. http://prometheus:9090."));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(path, $"Must be a string (a URL such as http://prometheus:9090), not {Describe(value.ValueKind)}."));
            return null;
        }
        // The URL is not echoed back: it may carry a password.
        if (!Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(Error(path, "Must be an absolute http or https URL such as http://prometheus:9090."));
            return null;
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Add(Error(path, "Must be the server's root (optionally with a path prefix), without a query string or fragment."));
            return null;
        }
        // A trailing slash makes relative API paths land under any prefix, e.g. http://host/prometheus/.
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }

    // A kind whose schema marks prometheus.bearerToken "writeOnly" stores it encrypted and hands it over as a secret;
    // otherwise it is an ordinary (visible) setting. Either way its value never appears in a message.
    private static string? ReadBearerToken(JsonElement prometheus, IReadOnlyDictionary<string, string>? secrets, List<SettingsError> errors)
    {
        if (secrets is not null && secrets.TryGetValue(BearerTokenSecret, out var secret) && secret.Length > 0)
        {
            return secret;
        }
        if (!prometheus.TryGetProperty("bearerToken", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()) || value.GetString()!.Any(char.IsControl))
        {
            errors.Add(Error(Root + "/bearerToken", "Must be a non-empty string without control characters."));
            return null;
        }
        return value.GetString();
    }

    private static Dictionary<string, MetricQueries> ReadQueries(JsonElement prometheus, List<SettingsError> errors)
    {
        var queries = new Dictionary<string, MetricQueries>(StringComparer.Ordinal);
        if (!prometheus.TryGetProperty("queries", out var value))
        {
            return queries;
        }
        const string path = Root + "/queries";
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(path, $"Must be an object of PromQL by metric name, not {Describe(value.ValueKind)}."));
            return queries;
        }
        foreach (var property in value.EnumerateObject())
        {
            var metricPath = $"{path}/{EscapePointer(property.Name)}";
            if (string.IsNullOrWhiteSpace(property.Name))
            {
                errors.Add(Error(metricPath, "A metric name must not be empty."));
                continue;
            }
            if (queries.ContainsKey(property.Name))
            {
                errors.Add(Error(metricPath, $"Metric '{property.Name}' appears more than once."));
                continue;
            }
            var read = ReadMetric(property.Value, metricPath, errors);
            if (read is not null)
            {
                queries[property.Name] = read;
            }
        }
        return queries;
    }

    private static MetricQueries? ReadMetric(JsonElement value, string path, List<SettingsError> errors)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            var query = ReadTemplate(value, path, errors);
            return query is null ? null : new MetricQueries(query, null);
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error(path, $"Must be a PromQL string or an object with 'query' and optional 'samples', not {Describe(value.ValueKind)}."));
            return null;
        }
        CheckProperties(value, path, QueryProperties, errors);
        if (!value.TryGetProperty("query", out var queryValue))
        {
            errors.Add(Error($"{path}/query", "Required: the PromQL giving the metric's value."));
            return null;
        }
        var main = ReadTemplate(queryValue, $"{path}/query", errors);
        var samples = value.TryGetProperty("samples", out var samplesValue) ? ReadTemplate(samplesValue, $"{path}/samples", errors) : null;
        return main is null ? null : new MetricQueries(main, samples);
    }

    private static PromQlTemplate? ReadTemplate(JsonElement value, string path, List<SettingsError> errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(path, $"Must be a PromQL string, not {Describe(value.ValueKind)}."));
            return null;
        }
        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(Error(path, "Must not be empty: give a PromQL expression."));
            return null;
        }
        var template = PromQlTemplate.TryParse(text, out var problem);
        if (template is null)
        {
            errors.Add(Error(path, problem!));
        }
        return template;
    }

    private static TimeSpan ReadSeconds(JsonElement parent, string name, double defaultValue, double max, List<SettingsError> errors)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return TimeSpan.FromSeconds(defaultValue);
        }
        var path = $"{Root}/{name}";
        var limit = max < double.MaxValue ? $" and at most {max}" : "";
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || !double.IsFinite(seconds))
        {
            errors.Add(Error(path, $"Must be a number of seconds greater than 0{limit}, not {Describe(value.ValueKind)}."));
            return TimeSpan.FromSeconds(defaultValue);
        }
        if (seconds <= 0 || seconds > max || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            errors.Add(Error(path, $"Must be greater than 0{limit}; got {value.GetRawText()}."));
            return TimeSpan.FromSeconds(defaultValue);
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static void CheckProperties(JsonElement obj, string path, string[] known, List<SettingsError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var propertyPath = $"{path}/{EscapePointer(property.Name)}";
            if (!known.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(Error(propertyPath, $"Unknown property '{property.Name}'. Known properties: {string.Join(", ", known)}."));
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(Error(propertyPath, $"Property '{property.Name}' appears more than once."));
            }
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    // RFC 6901: '~' and '/' inside a reference token are escaped as '~0' and '~1'.
    private static string EscapePointer(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static SettingsError Error(string path, string message) => new() { Path = path, Message = message };
}
