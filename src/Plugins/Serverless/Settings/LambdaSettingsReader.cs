using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Settings;

/// <summary>
/// Reads an <c>aws-lambda</c> target's settings, collecting every problem with a JSON-pointer path. The same rules as
/// <see cref="LambdaSettingsSchema"/>, so a target saved through the portal and one handed over directly are read alike.
/// Secret values are never echoed in a message.
/// </summary>
internal static partial class LambdaSettingsReader
{
    public const string SecretAccessKey = "secretAccessKey";
    public const string SessionToken = "sessionToken";

    private static readonly string[] KnownProperties =
        ["region", "functionName", "alias", "codeBucket", "codeKeyTemplate", "accessKeyId", SecretAccessKey, SessionToken, "endpoint", "updateTimeoutSeconds"];

    /// <summary>Reads the settings; returns <c>null</c> when <paramref name="errors"/> received anything.</summary>
    /// <param name="settings">The settings object.</param>
    /// <param name="errors">Receives every problem.</param>
    /// <param name="secrets">The target's secrets; a secret given here wins over one inside the settings (as the portal validates them).</param>
    public static LambdaSettings? Read(JsonElement settings, List<SettingsError> errors, IReadOnlyDictionary<string, string>? secrets = null)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object with region, functionName, alias, codeBucket, codeKeyTemplate, accessKeyId and secretAccessKey, not {Describe(settings.ValueKind)}."));
            return null;
        }
        var before = errors.Count;
        CheckProperties(settings, errors);
        var region = ReadText(settings, "region", RegionPattern(), "an AWS region such as eu-west-1", errors);
        var function = ReadText(settings, "functionName", FunctionPattern(), "a function name (letters, digits, - and _) or its ARN", errors, maxLength: 140);
        var alias = ReadText(settings, "alias", AliasPattern(), "an alias name of letters, digits, - and _, not only digits (digits name versions)", errors, maxLength: 128);
        var bucket = ReadText(settings, "codeBucket", BucketPattern(), "an S3 bucket name of 3 to 63 letters, digits, '.', '-' and '_'", errors, minLength: 3, maxLength: 63);
        var keyTemplate = ReadText(settings, "codeKeyTemplate", null, "an S3 key containing {version}", errors, maxLength: 1024);
        if (keyTemplate is not null && !keyTemplate.Contains(LambdaSettings.VersionPlaceholder, StringComparison.Ordinal))
        {
            errors.Add(Error("/codeKeyTemplate", "Must contain {version}, which is replaced by the release version, e.g. builds/checkout/{version}.zip."));
        }
        var accessKey = ReadText(settings, "accessKeyId", AccessKeyPattern(), "an IAM access key ID of 16 to 128 upper-case letters and digits", errors, minLength: 16, maxLength: 128);
        var secret = ReadSecret(settings, SecretAccessKey, secrets, required: true, errors);
        var token = ReadSecret(settings, SessionToken, secrets, required: false, errors);
        var endpoint = ReadEndpoint(settings, errors);
        var timeout = ReadUpdateTimeout(settings, errors);
        if (errors.Count > before)
        {
            return null;
        }
        return new LambdaSettings
        {
            Region = region!,
            FunctionName = function!,
            Alias = alias!,
            CodeBucket = bucket!,
            CodeKeyTemplate = keyTemplate!,
            AccessKeyId = accessKey!,
            SecretAccessKey = secret!,
            SessionToken = token,
            Endpoint = endpoint ?? new Uri($"https://lambda.{region}.amazonaws.com/"),
            UpdateTimeout = timeout,
        };
    }

    /// <summary>Reads a target's settings for a call, throwing one message that lists every problem.</summary>
    public static LambdaSettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, errors, target.Secrets);
        if (settings is null)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The settings of Lambda target '{target.Name}' are invalid: {problems}");
        }
        return settings;
    }

    private static string? ReadText(
        JsonElement settings, string name, Regex? pattern, string what, List<SettingsError> errors, int minLength = 1, int maxLength = int.MaxValue)
    {
        var path = "/" + name;
        if (!settings.TryGetProperty(name, out var value))
        {
            errors.Add(Error(path, $"Required: {what}."));
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(Error(path, $"Must be a string ({what}), not {Describe(value.ValueKind)}."));
            return null;
        }
        var text = value.GetString()!;
        if (text.Length < minLength || text.Length > maxLength || (pattern is not null && !pattern.IsMatch(text)) || text.Any(char.IsControl))
        {
            var length = maxLength == int.MaxValue ? "" : $" ({minLength} to {maxLength} characters)";
            errors.Add(Error(path, $"'{text}' is not {what}{length}."));
            return null;
        }
        return text;
    }

    private static string? ReadSecret(JsonElement settings, string name, IReadOnlyDictionary<string, string>? secrets, bool required, List<SettingsError> errors)
    {
        if (secrets is not null && secrets.TryGetValue(name, out var stored) && stored.Length > 0)
        {
            return stored;
        }
        var path = "/" + name;
        if (!settings.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(Error(path, "Required: the secret access key of the access key ID."));
            }
            return null;
        }
        // The value is never quoted back: it is a secret.
        if (value.ValueKind != JsonValueKind.String || value.GetString()!.Length == 0 || value.GetString()!.Any(char.IsControl))
        {
            errors.Add(Error(path, "Must be a non-empty string without control characters."));
            return null;
        }
        return value.GetString();
    }

    private static Uri? ReadEndpoint(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("endpoint", out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(Error("/endpoint", "Must be an absolute http or https URL such as http://localhost:4566, or empty for AWS's regional endpoint."));
            return null;
        }
        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Add(Error("/endpoint", "Must be the API's root without credentials, query string or fragment."));
            return null;
        }
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }

    /// <summary>The code update timeout alone (its default when absent or invalid): what the call budget is made of.</summary>
    public static TimeSpan UpdateTimeout(JsonElement settings) =>
        settings.ValueKind == JsonValueKind.Object ? ReadUpdateTimeout(settings, []) : TimeSpan.FromSeconds(LambdaSettings.DefaultUpdateTimeoutSeconds);

    private static TimeSpan ReadUpdateTimeout(JsonElement settings, List<SettingsError> errors)
    {
        var fallback = TimeSpan.FromSeconds(LambdaSettings.DefaultUpdateTimeoutSeconds);
        if (!settings.TryGetProperty("updateTimeoutSeconds", out var value))
        {
            return fallback;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || seconds <= 0 || seconds > 3600)
        {
            errors.Add(Error("/updateTimeoutSeconds", $"Must be a number of seconds greater than 0 and at most 3600; got {value.GetRawText()}."));
            return fallback;
        }
        return TimeSpan.FromSeconds(seconds);
    }

    private static void CheckProperties(JsonElement settings, List<SettingsError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in settings.EnumerateObject())
        {
            var path = "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (!KnownProperties.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(Error(path, $"Unknown property '{property.Name}'. Known properties: {string.Join(", ", KnownProperties)}."));
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(Error(path, $"Property '{property.Name}' appears more than once."));
            }
        }
    }

    private static SettingsError Error(string path, string message) => new() { Path = path, Message = message };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+\\z")]
    private static partial Regex RegionPattern();

    // AWS's own pattern for FunctionName in the Lambda API reference.
    [GeneratedRegex("^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-[0-9]{1}:)?([0-9]{12}:)?(function:)?([a-zA-Z0-9_-]+)\\z")]
    private static partial Regex FunctionPattern();

    [GeneratedRegex("^(?![0-9]+\\z)[a-zA-Z0-9_-]+\\z")]
    private static partial Regex AliasPattern();

    [GeneratedRegex(@"^[0-9A-Za-z.\-_]*[0-9A-Za-z\-_]\z")]
    private static partial Regex BucketPattern();

    [GeneratedRegex("^[A-Z0-9]+\\z")]
    private static partial Regex AccessKeyPattern();
}
