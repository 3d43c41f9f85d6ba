using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Incidents;

/// <summary>
/// Reads an Alertmanager webhook body strictly: every field Alertmanager documents for version 4 must be there with
/// its type, and each problem is reported with its JSON path. Fields it does not know (later Alertmanager versions,
/// Grafana's extras) are ignored, so a newer sender still works.
/// </summary>
public sealed class AlertmanagerReader
{
    private static readonly string[] Statuses = ["firing", "resolved"];

    private readonly Dictionary<string, string[]> _errors = new(StringComparer.Ordinal);
    private readonly LimitsOptions _limits;

    private AlertmanagerReader(LimitsOptions limits) => _limits = limits;

    /// <summary>
    /// The payload, or null with the problems keyed by JSON path (<c>$.alerts[0].startsAt</c>). Counts and lengths over
    /// <paramref name="limits"/> (the defaults when null) are problems too.
    /// </summary>
    public static (AlertmanagerPayload? Payload, IReadOnlyDictionary<string, string[]> Errors) Read(JsonElement root, LimitsOptions? limits = null)
    {
        var reader = new AlertmanagerReader(limits ?? new LimitsOptions());
        var payload = reader.ReadPayload(root);
        return (reader._errors.Count == 0 ? payload : null, reader._errors);
    }

    private AlertmanagerPayload? ReadPayload(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            Error("$", $"expected a JSON object (Alertmanager's webhook body), found {Kind(root)}");
            return null;
        }
        var version = String(root, "$", "version");
        if (version is not null && version != "4")
        {
            Error("$.version", $"only version \"4\" of Alertmanager's webhook payload is supported, found \"{Excerpt.Of(version)}\"");
        }
        var groupKey = String(root, "$", "groupKey");
        var status = Status(root, "$");
        var receiver = String(root, "$", "receiver");
        var groupLabels = Map(root, "$", "groupLabels");
        var commonLabels = Map(root, "$", "commonLabels");
        var commonAnnotations = Map(root, "$", "commonAnnotations");
        var externalUrl = String(root, "$", "externalURL");
        var alerts = Alerts(root);
        return new AlertmanagerPayload(
            version ?? "", groupKey ?? "", status ?? "", receiver ?? "", groupLabels ?? Empty, commonLabels ?? Empty, commonAnnotations ?? Empty, externalUrl ?? "", alerts);
    }

    private List<AlertmanagerAlert> Alerts(JsonElement root)
    {
        var alerts = new List<AlertmanagerAlert>();
        if (Property(root, "$", "alerts", JsonValueKind.Array, "an array of alerts") is not { } array)
        {
            return alerts;
        }
        if (array.GetArrayLength() == 0)
        {
            Error("$.alerts", "must hold at least one alert");
        }
        if (array.GetArrayLength() > _limits.Alerts)
        {
            Error("$.alerts", $"holds {array.GetArrayLength()} alerts; at most {_limits.Alerts} are accepted in one call ({LimitsOptions.Section}:{nameof(LimitsOptions.Alerts)})");
            return alerts;
        }
        var index = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"$.alerts[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                Error(path, $"expected an alert object, found {Kind(item)}");
                continue;
            }
            var status = Status(item, path);
            var labels = Map(item, path, "labels");
            var annotations = Map(item, path, "annotations");
            var startsAt = Time(item, path, "startsAt");
            var endsAt = Time(item, path, "endsAt");
            var generatorUrl = String(item, path, "generatorURL", allowEmpty: true);
            // Alertmanager sends a fingerprint since 0.19; older ones are identified by their labels, as Alertmanager does.
            var fingerprint = item.TryGetProperty("fingerprint", out _) ? String(item, path, "fingerprint") : labels is null ? null : FingerprintOf(labels);
            if (status is null || labels is null || annotations is null || startsAt is null || fingerprint is null)
            {
                continue;
            }
            // Alertmanager writes the zero time for "no end yet".
            var end = endsAt is { Year: > 1 } e ? e : (DateTimeOffset?)null;
            alerts.Add(new AlertmanagerAlert(status, labels, annotations, startsAt.Value, end, generatorUrl, fingerprint));
        }
        return alerts;
    }

    private string? Status(JsonElement parent, string path)
    {
        var status = String(parent, path, "status");
        if (status is not null && !Statuses.Contains(status))
        {
            Error($"{path}.status", $"expected \"firing\" or \"resolved\", found \"{Excerpt.Of(status)}\"");
            return null;
        }
        return status;
    }

    private string? String(JsonElement parent, string path, string name, bool allowEmpty = false)
    {
        if (Property(parent, path, name, JsonValueKind.String, "a string") is not { } value)
        {
            return null;
        }
        if (Text(value, $"{path}.{name}") is not { } text)
        {
            return null;
        }
        if (!allowEmpty && text.Length == 0)
        {
            Error($"{path}.{name}", "must not be empty");
            return null;
        }
        if (text.Length > _limits.AlertLabelLength)
        {
            Error($"{path}.{name}", $"is {text.Length} characters long; at most {_limits.AlertLabelLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.AlertLabelLength)})");
            return null;
        }
        return text;
    }

    private DateTimeOffset? Time(JsonElement parent, string path, string name)
    {
        if (String(parent, path, name) is not { } text)
        {
            return null;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time))
        {
            Error($"{path}.{name}", $"expected an RFC 3339 time such as 2026-11-26T10:00:00Z, found \"{Excerpt.Of(text)}\"");
            return null;
        }
        return time;
    }

    private Dictionary<string, string>? Map(JsonElement parent, string path, string name)
    {
        if (Property(parent, path, name, JsonValueKind.Object, "an object of string values") is not { } value)
        {
            return null;
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var count = value.EnumerateObject().Count();
        if (count > _limits.AlertLabels)
        {
            Error($"{path}.{name}", $"holds {count} entries; at most {_limits.AlertLabels} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.AlertLabels)})");
            return null;
        }
        var index = 0;
        foreach (var entry in value.EnumerateObject())
        {
            var at = $"{path}.{name}";
            if (!TryName(entry, out var key))
            {
                Error($"{at}[{index}]", "the name is not valid UTF-8 text");
                return null;
            }
            index++;
            at = $"{at}.{Excerpt.Of(key)}";
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                Error(at, $"expected a string value, found {Kind(entry.Value)}");
                continue;
            }
            if (Text(entry.Value, at) is not { } text)
            {
                continue;
            }
            if (key.Length > _limits.AlertLabelLength || text.Length > _limits.AlertLabelLength)
            {
                Error(at, $"names and values are at most {_limits.AlertLabelLength} characters long ({LimitsOptions.Section}:{nameof(LimitsOptions.AlertLabelLength)})");
                continue;
            }
            map[key] = text;
        }
        return map;
    }

    /// <summary>A string's text, or null with an error when the bytes are not UTF-8 (the reader only finds out now).</summary>
    private string? Text(JsonElement value, string path)
    {
        try
        {
            return value.GetString()!;
        }
        catch (InvalidOperationException)
        {
            Error(path, "the text is not valid UTF-8 (or holds an unpaired \\u surrogate escape)");
            return null;
        }
    }

    private static bool TryName(JsonProperty entry, out string name)
    {
        try
        {
            name = entry.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = "";
            return false;
        }
    }

    private JsonElement? Property(JsonElement parent, string path, string name, JsonValueKind kind, string expected)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            Error($"{path}.{name}", $"is required ({expected})");
            return null;
        }
        if (value.ValueKind != kind)
        {
            Error($"{path}.{name}", $"expected {expected}, found {Kind(value)}");
            return null;
        }
        return value;
    }

    private void Error(string path, string message) =>
        _errors[path] = _errors.TryGetValue(path, out var existing) ? [.. existing, message] : [message];

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string FingerprintOf(IReadOnlyDictionary<string, string> labels)
    {
        var text = string.Join("\u0000", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}\u0001{l.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static readonly Dictionary<string, string> Empty = new(StringComparer.Ordinal);
}
