using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// What any target must respect, whatever its driver's schema says: a bounded size (settings and secrets together,
/// and each text value) and numbers of a sane magnitude. Checked before the schema and the driver see the input.
/// </summary>
internal static class TargetInputLimits
{
    public static void Check(TargetInput input, LimitsOptions limits, List<TargetError> errors)
    {
        var bytes = 0L;
        if (input.Settings is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } settings)
        {
            bytes += Encoding.UTF8.GetByteCount(settings.GetRawText());
            Walk(settings, "/settings", limits, errors);
        }
        foreach (var (key, value) in input.Secrets ?? new Dictionary<string, JsonElement>())
        {
            bytes += Encoding.UTF8.GetByteCount(key);
            if (value.ValueKind != JsonValueKind.String)
            {
                continue;
            }
            var text = value.GetString()!;
            bytes += Encoding.UTF8.GetByteCount(text);
            if (text.Length > limits.TargetValueLength)
            {
                errors.Add(new TargetError("/secrets/" + Excerpt.Of(key),
                    $"The secret is {text.Length} characters long; at most {limits.TargetValueLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.TargetValueLength)})."));
            }
        }
        if (bytes > limits.TargetBytes)
        {
            errors.Add(new TargetError("/settings",
                $"The settings and secrets are {bytes} bytes together; at most {limits.TargetBytes} are accepted per target ({LimitsOptions.Section}:{nameof(LimitsOptions.TargetBytes)})."));
        }
    }

    private static void Walk(JsonElement value, string pointer, LimitsOptions limits, List<TargetError> errors)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    Walk(property.Value, pointer + "/" + Escape(property.Name), limits, errors);
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Walk(item, $"{pointer}/{index++}", limits, errors);
                }
                break;
            case JsonValueKind.String when value.GetString()!.Length > limits.TargetValueLength:
                errors.Add(new TargetError(Excerpt.Of(pointer),
                    $"The value is {value.GetString()!.Length} characters long; at most {limits.TargetValueLength} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.TargetValueLength)})."));
                break;
            case JsonValueKind.Number when !SaneNumbers.IsSane(value):
                errors.Add(new TargetError(Excerpt.Of(pointer), $"{SaneNumbers.Problem} Found {Excerpt.Of(value.GetRawText(), 24)}."));
                break;
        }
    }

    private static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
