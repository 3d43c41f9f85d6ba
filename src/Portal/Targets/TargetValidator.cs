using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Sdk;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Targets;

/// <summary>The settings and secrets a target would be saved with once valid.</summary>
internal sealed record ValidatedTarget(string Settings, Dictionary<string, string> Secrets);

/// <summary>
/// Checks a submitted target's settings and secrets against the driver's JSON Schema (JsonSchema.Net) and the driver's
/// own <see cref="ITargetDriver.ValidateSettingsAsync"/>, reporting every problem at its JSON pointer in the request.
/// Secret values are scrubbed from every message.
/// </summary>
internal static partial class TargetValidator
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };

    public static async Task<ValidatedTarget?> ValidateAsync(
        TargetInput input, ITargetDriver driver, IReadOnlyDictionary<string, string> stored, List<TargetError> errors, TimeSpan timeout, IHostPolicy policy, CancellationToken cancellationToken)
    {
        var schema = DriverSchema.For(driver);
        if (schema.Schema is null)
        {
            errors.Add(new TargetError("/kind", $"Kind '{driver.Kind}' cannot be configured: {schema.Error}."));
            return null;
        }
        var settings = ReadSettings(input.Settings, errors);
        var secrets = MergeSecrets(input.Secrets, stored, schema, driver.Kind, errors);
        if (settings is null || secrets is null)
        {
            return null;
        }
        foreach (var secret in schema.Secrets.Where(s => SecretPaths.Exists(settings, s.SecretKey)))
        {
            errors.Add(new TargetError("/settings" + secret.Pointer,
                $"'{secret.SecretKey}' is a secret: send it under \"secrets\" as \"{secret.SecretKey}\", never with the settings."));
        }
        var saved = settings.ToJsonString();
        // Validation sees the settings as the driver will: with the secrets in place, so required secrets are checked.
        var merged = (JsonObject)settings.DeepClone();
        foreach (var (key, value) in secrets)
        {
            SecretPaths.Set(merged, key, value);
        }
        using var document = JsonDocument.Parse(merged.ToJsonString());
        var found = new List<TargetError>();
        AddSchemaErrors(schema, driver.Kind, document.RootElement, found);
        AddDestinationErrors(schema, driver.Kind, document.RootElement, policy, found);
        await AddDriverErrorsAsync(driver, schema, document.RootElement, found, timeout, cancellationToken);
        // Like KnownSecrets: a value shorter than its minimum would mangle ordinary words ("e[secret]pression" for "x").
        var values = secrets.Values.Where(v => v.Length >= KnownSecrets.MinimumLength).OrderByDescending(v => v.Length).ToList();
        errors.AddRange(found.Distinct().Select(e => e with { Message = Scrub(e.Message, values) }));
        return errors.Count == 0 ? new ValidatedTarget(saved, secrets) : null;
    }

    private static JsonObject? ReadSettings(JsonElement? settings, List<TargetError> errors)
    {
        if (settings is not { } element || element.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new TargetError("/settings", $"The settings must be a JSON object, not {Describe(element.ValueKind)}."));
            return null;
        }
        return JsonNode.Parse(element.GetRawText()) as JsonObject;
    }

    private static Dictionary<string, string>? MergeSecrets(
        IReadOnlyDictionary<string, JsonElement>? input, IReadOnlyDictionary<string, string> stored, DriverSchema schema, string kind, List<TargetError> errors)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        // A secret the kind no longer declares is dropped rather than kept unreachable.
        foreach (var (key, value) in stored)
        {
            if (schema.FindSecret(key) is not null)
            {
                result[key] = value;
            }
        }
        var ok = true;
        foreach (var (key, value) in input ?? new Dictionary<string, JsonElement>())
        {
            if (schema.FindSecret(key) is null)
            {
                var known = schema.Secrets.Count == 0 ? "it has none" : "its secrets are " + string.Join(", ", schema.Secrets.Select(s => s.SecretKey));
                errors.Add(new TargetError("/secrets/" + Excerpt.Of(key), $"'{Excerpt.Of(key)}' is not a secret of kind '{kind}': {known}."));
                ok = false;
            }
            else if (value.ValueKind == JsonValueKind.Null)
            {
                result.Remove(key);
            }
            else if (value.ValueKind == JsonValueKind.String)
            {
                result[key] = value.GetString()!;
            }
            else
            {
                errors.Add(new TargetError("/secrets/" + key, $"A secret's value must be a string, or null to clear it; got {Describe(value.ValueKind)}."));
                ok = false;
            }
        }
        KnownSecrets.Add(result.Values);
        return ok ? result : null;
    }

    private static void AddSchemaErrors(DriverSchema schema, string kind, JsonElement settings, List<TargetError> errors)
    {
        var results = schema.Schema!.Evaluate(settings, Evaluation);
        if (results.IsValid)
        {
            return;
        }
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null)
            {
                continue;
            }
            var at = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in detail.Errors)
            {
                if (keyword == "required")
                {
                    foreach (var missing in MissingProperties(schema.Root, at, settings))
                    {
                        errors.Add(new TargetError(PathFor(schema, at + "/" + missing.Name), $"'{missing.Label}' is required."));
                    }
                }
                else if (keyword is "" or "false")
                {
                    errors.Add(new TargetError(PathFor(schema, at), $"'{Excerpt.Of(at.Split('/')[^1])}' is not a setting of kind '{kind}'."));
                }
                else if (keyword == "pattern")
                {
                    errors.Add(new TargetError(PathFor(schema, at), PatternMessage(schema.Root, at)));
                }
                else
                {
                    errors.Add(new TargetError(PathFor(schema, at), message));
                }
            }
        }
    }

    /// <summary>The required properties absent at a location: JsonSchema.Net reports them as one message, the form wants one per field.</summary>
    private static IEnumerable<SchemaNode> MissingProperties(SchemaNode root, string at, JsonElement settings)
    {
        var node = root;
        var instance = settings;
        foreach (var segment in SecretPaths.Segments(at.TrimStart('/')).Where(s => s.Length > 0))
        {
            node = node.Properties.FirstOrDefault(p => p.Name == segment) ?? node;
            instance = instance.ValueKind == JsonValueKind.Object && instance.TryGetProperty(segment, out var next) ? next : default;
        }
        return node.Properties.Where(p => p.Required && (instance.ValueKind != JsonValueKind.Object || !instance.TryGetProperty(p.Name, out _)));
    }

    private static async Task AddDriverErrorsAsync(ITargetDriver driver, DriverSchema schema, JsonElement settings, List<TargetError> errors, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (found, failure) = await DriverCall.RunAsync(
            async ct => await driver.ValidateSettingsAsync(settings, ct), timeout, "Validating the settings", cancellationToken);
        if (failure is not null)
        {
            errors.Add(new TargetError("/settings", failure));
            return;
        }
        // One message per field, and the driver's where it has one: it says what the value should be ("a duration such
        // as 5s"), where the schema library can only say that a pattern or type did not match. A missing required field
        // keeps the schema's message, which names the field by its title.
        var fromDriver = (found ?? []).Select(e => new TargetError(PathFor(schema, e.Path ?? ""), e.Message ?? "is not valid.")).ToList();
        var driverPaths = fromDriver.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        var schemaOnly = errors.Where(e => !driverPaths.Contains(e.Path) || e.Message.EndsWith("' is required.", StringComparison.Ordinal)).ToList();
        var flagged = schemaOnly.Select(e => e.Path).ToHashSet(StringComparer.Ordinal);
        errors.Clear();
        errors.AddRange(schemaOnly);
        errors.AddRange(fromDriver.Where(e => !flagged.Contains(e.Path)));
    }

    /// <summary>A pattern mismatch in words: the field's title and its description, which says what the value looks like.</summary>
    private static string PatternMessage(SchemaNode root, string at)
    {
        var node = root;
        foreach (var segment in SecretPaths.Segments(at.TrimStart('/')).Where(s => s.Length > 0))
        {
            node = node.Properties.FirstOrDefault(p => p.Name == segment) ?? node;
        }
        var what = node == root ? "The value" : $"'{node.Label}'";
        var hint = string.IsNullOrWhiteSpace(node.Description) ? "" : " " + node.Description!.TrimEnd();
        return $"{what} does not have the expected form (pattern {node.Pattern}).{hint}";
    }

    /// <summary>An error under a secret points at <c>/secrets/key</c>, where the client sent it; others at <c>/settings/…</c>.</summary>
    private static string PathFor(DriverSchema schema, string pointer)
    {
        var key = pointer.TrimStart('/');
        var secret = schema.Secrets.FirstOrDefault(s => key == s.SecretKey || key.StartsWith(s.SecretKey + "/", StringComparison.Ordinal));
        return secret is null ? "/settings" + pointer : "/secrets/" + secret.SecretKey;
    }

    private static string Scrub(string message, IReadOnlyList<string> secrets)
    {
        foreach (var secret in secrets)
        {
            message = message.Replace(secret, KnownSecrets.Mask, StringComparison.Ordinal);
        }
        return message;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };
}
