using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Settings;

/// <summary>
/// Reads a target's settings JSON into <see cref="SandboxSettings"/>, applying defaults and collecting every
/// problem with a JSON-pointer path. Validation and parsing share this code so they can never disagree.
/// </summary>
internal static class SandboxSettingsReader
{
    // "prometheus" belongs to the Prometheus metric source (analysis steps with provider: prometheus), which validates it.
    private static readonly string[] TopLevelProperties = ["requestsPerSecond", "baseErrorRate", "baseLatencyMs", "applyDelayMs", "fault", "prometheus"];
    private static readonly string[] FaultProperties = ["versionPattern", "afterSeconds", "errorRate", "latencyMs"];

    // Upper bounds keep every value usable as a delay or a rate: 1e308 ms overflowed TimeSpan inside an apply and
    // crashed the release runner that held the target. The schema states the same maximums.
    private const double MaxMilliseconds = 600_000;
    private const double MaxAfterSeconds = 86_400;
    private const double MaxRequestsPerSecond = 1_000_000;

    /// <summary>Reads the settings; problems are added to <paramref name="errors"/> and their values fall back to defaults.</summary>
    public static SandboxSettings Read(JsonElement settings, List<SettingsError> errors)
    {
        // A target created without settings gets every default.
        if (settings.ValueKind == JsonValueKind.Undefined)
        {
            return SandboxSettings.Default;
        }

        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object, not {Describe(settings.ValueKind)}."));
            return SandboxSettings.Default;
        }

        CheckProperties(settings, "", TopLevelProperties, errors);

        return new SandboxSettings
        {
            RequestsPerSecond = ReadNumber(settings, "", "requestsPerSecond", SandboxSettings.DefaultRequestsPerSecond, Range.Positive, errors, MaxRequestsPerSecond),
            BaseErrorRate = ReadNumber(settings, "", "baseErrorRate", SandboxSettings.DefaultBaseErrorRate, Range.Fraction, errors),
            BaseLatencyMs = ReadNumber(settings, "", "baseLatencyMs", SandboxSettings.DefaultBaseLatencyMs, Range.Positive, errors, MaxMilliseconds),
            ApplyDelayMs = ReadNumber(settings, "", "applyDelayMs", 0, Range.NonNegative, errors, MaxMilliseconds),
            Fault = ReadFault(settings, errors),
        };
    }

    /// <summary>Reads a target's settings for use, throwing when they are invalid (they should have been validated on save).</summary>
    public static SandboxSettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, errors);
        if (errors.Count > 0)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The settings of sandbox target '{target.Name}' are invalid: {problems}");
        }

        return settings;
    }

    private static FaultSettings? ReadFault(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("fault", out var fault) || fault.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (fault.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("/fault", $"Must be an object, not {Describe(fault.ValueKind)}."));
            return null;
        }

        CheckProperties(fault, "/fault", FaultProperties, errors);

        var pattern = ReadPattern(fault, errors);
        var afterSeconds = ReadNumber(fault, "/fault", "afterSeconds", FaultSettings.DefaultAfterSeconds, Range.NonNegative, errors, MaxAfterSeconds);
        var errorRate = ReadNumber(fault, "/fault", "errorRate", FaultSettings.DefaultErrorRate, Range.Fraction, errors);
        var latencyMs = ReadNumber(fault, "/fault", "latencyMs", FaultSettings.DefaultLatencyMs, Range.NonNegative, errors, MaxMilliseconds);

        return pattern is null
            ? null
            : new FaultSettings { VersionPattern = pattern, AfterSeconds = afterSeconds, ErrorRate = errorRate, LatencyMs = latencyMs };
    }

    private static VersionPattern? ReadPattern(JsonElement fault, List<SettingsError> errors)
    {
        if (!fault.TryGetProperty("versionPattern", out var value))
        {
            errors.Add(Error("/fault/versionPattern", "Required when 'fault' is present: a version glob such as '*-bad'."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error("/fault/versionPattern", $"Must be a string (a version glob such as '*-bad'), not {Describe(value.ValueKind)}."));
            return null;
        }

        var text = value.GetString()!;
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(Error("/fault/versionPattern", "Must not be empty: give a version glob such as '*-bad'."));
            return null;
        }

        return new VersionPattern(text);
    }

    private static double ReadNumber(JsonElement parent, string parentPath, string name, double defaultValue, Range range, List<SettingsError> errors, double max = double.MaxValue)
    {
        if (!parent.TryGetProperty(name, out var value))
        {
            return defaultValue;
        }

        var path = $"{parentPath}/{name}";
        if (value.ValueKind != JsonValueKind.Number)
        {
            errors.Add(Error(path, $"Must be a number {RangeText(range)}, not {Describe(value.ValueKind)}."));
            return defaultValue;
        }

        if (!value.TryGetDouble(out var number) || !double.IsFinite(number))
        {
            errors.Add(Error(path, $"Must be a finite number {RangeText(range)}."));
            return defaultValue;
        }

        var inRange = range switch
        {
            Range.Positive => number > 0,
            Range.NonNegative => number >= 0,
            _ => number is >= 0 and <= 1,
        };
        if (!inRange)
        {
            errors.Add(Error(path, $"Must be {RangeText(range)}; got {Shown(value)}."));
            return defaultValue;
        }

        if (number > max)
        {
            errors.Add(Error(path, $"Must be at most {max.ToString(System.Globalization.CultureInfo.InvariantCulture)}; got {Shown(value)}."));
            return defaultValue;
        }

        return number;
    }

    private static string Shown(JsonElement value)
    {
        var raw = value.GetRawText();
        return raw.Length <= 40 ? raw : raw[..40] + "…";
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

    private static string RangeText(Range range) => range switch
    {
        Range.Positive => "greater than 0",
        Range.NonNegative => "greater than or equal to 0",
        _ => "between 0 and 1",
    };

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

    private enum Range
    {
        Positive,
        NonNegative,
        Fraction,
    }
}
