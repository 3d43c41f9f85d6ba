using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// One generated input of a target form: the value as the input holds it (text, or a flag for booleans), the browser's
/// checks from the schema (required, type, range, length, pattern, enum) and the value as JSON for the server.
/// </summary>
public sealed class SchemaFormField
{
    public SchemaFormField(SchemaNode node, JsonElement? value, bool secretSet, bool isExtras = false)
    {
        IsExtras = isExtras;
        Node = node;
        SecretSet = secretSet;
        Present = value is not null;
        if (node.Type == "boolean")
        {
            Flag = value?.ValueKind == JsonValueKind.True || (value is null && node.Default?.ValueKind == JsonValueKind.True);
        }
        else if (!node.WriteOnly && value is { } v)
        {
            Text = v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => v.GetRawText(),
            };
        }
    }

    public SchemaNode Node { get; }

    /// <summary>The JSON object of an open section's properties that the schema does not list, kept editable rather than lost.</summary>
    public bool IsExtras { get; }

    public string Pointer => Node.Pointer;

    /// <summary>The id of the field's wrapper element, so a failed save can scroll to and focus it.</summary>
    public string ElementId => "setting" + Pointer.Replace('/', '-');

    public string Label => Node.Label + (Node.Required ? " *" : "");

    /// <summary>A multi-line text (a kubeconfig, a certificate): the schema gives it a <c>contentMediaType</c>.</summary>
    public bool Multiline => Node.ContentMediaType is not null && Node.Type == "string";

    /// <summary><c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>enum</c>, <c>secret</c> or <c>json</c>.</summary>
    public string Input => Node.WriteOnly ? "secret" : Node.Enum.Count > 0 ? "enum" : Node.Type;

    public string? Text { get; set; }

    public bool Flag { get; set; }

    /// <summary>The field existed in the stored settings: a boolean is then always sent back.</summary>
    public bool Present { get; }

    /// <summary>For a secret: a value is stored, so an empty input keeps it.</summary>
    public bool SecretSet { get; }

    /// <summary>For a secret: the operator asked to remove the stored value.</summary>
    public bool ClearSecret { get; set; }

    public string? Error { get; set; }

    public IEnumerable<string> Options => Node.Enum.Select(Display);

    /// <summary>The description, the default and the limits, so the operator knows what is accepted before trying.</summary>
    public string? Hint
    {
        get
        {
            if (Node.WriteOnly)
            {
                var state = SecretSet && !ClearSecret ? "Set — leave empty to keep." : "Not set.";
                return string.Join(" ", new[] { Node.Description, state }.Where(s => !string.IsNullOrEmpty(s)));
            }
            var parts = new List<string>();
            if (!string.IsNullOrWhiteSpace(Node.Description))
            {
                parts.Add(Node.Description!);
            }
            if (Range() is { } range)
            {
                parts.Add(range);
            }
            if (Node.Default is { } d && Node.Type != "boolean")
            {
                parts.Add($"Default: {Display(d)}.");
            }
            return parts.Count == 0 ? null : string.Join(" ", parts);
        }
    }

    /// <summary>Whether this field puts anything into the settings (secrets never do).</summary>
    public bool HasValue => Node.WriteOnly ? false
        : Node.Type == "boolean" ? Present || Flag != (Node.Default?.ValueKind == JsonValueKind.True)
        : !string.IsNullOrWhiteSpace(Text);

    /// <summary>Whether this secret is being set now.</summary>
    public bool SetsSecret => Node.WriteOnly && !string.IsNullOrEmpty(Text);

    /// <summary>The browser's check; null when the value is acceptable. <paramref name="active"/> is false inside an optional section left empty.</summary>
    public string? Check(bool active)
    {
        if (Node.WriteOnly)
        {
            var missing = string.IsNullOrEmpty(Text) && (!SecretSet || ClearSecret);
            if (missing)
            {
                return active && Node.Required ? $"{Node.Label} is required." : null;
            }
            return string.IsNullOrEmpty(Text) ? null : CheckText(Text!);
        }
        if (Node.Type == "boolean")
        {
            return null;
        }
        if (string.IsNullOrWhiteSpace(Text))
        {
            return active && Node.Required ? $"{Node.Label} is required." : null;
        }
        return Node.Type switch
        {
            "number" or "integer" => CheckNumber(Text!),
            "json" => IsExtras ? CheckExtras(Text!) : CheckJson(Text!),
            _ => Node.Enum.Count > 0 && !Options.Contains(Text) ? $"Choose one of {string.Join(", ", Options)}." : CheckText(Text!),
        };
    }

    /// <summary>The value as JSON, after <see cref="Check"/> passed.</summary>
    public JsonNode? ToJson() => Node.Type switch
    {
        "boolean" => JsonValue.Create(Flag),
        "integer" => JsonValue.Create(long.Parse(Text!.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)),
        "number" => JsonValue.Create(double.Parse(Text!.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture)),
        "json" => JsonNode.Parse(Text!),
        _ => Node.Enum.FirstOrDefault(e => Display(e) == Text) is { ValueKind: not JsonValueKind.Undefined } option
            ? JsonNode.Parse(option.GetRawText())
            : JsonValue.Create(Text),
    };

    private string? CheckNumber(string text)
    {
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return $"Enter a number, e.g. {SchemaNodeReader.Format(Node.Default?.ValueKind == JsonValueKind.Number ? Node.Default.Value.GetDouble() : 1)}.";
        }
        if (Node.Type == "integer" && !long.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            return "Enter a whole number.";
        }
        var tooLow = (Node.Minimum is { } min && number < min) || (Node.ExclusiveMinimum is { } xmin && number <= xmin);
        var tooHigh = (Node.Maximum is { } max && number > max) || (Node.ExclusiveMaximum is { } xmax && number >= xmax);
        return tooLow || tooHigh ? $"{SchemaNodeReader.Format(number)} is out of range: {Range()}" : null;
    }

    private string? CheckText(string text)
    {
        if (Node.MinLength is { } min && text.Length < min)
        {
            return min == 1 ? $"{Node.Label} cannot be empty." : $"At least {min} characters.";
        }
        if (Node.MaxLength is { } max && text.Length > max)
        {
            return $"At most {max} characters.";
        }
        if (Node.Pattern is { } pattern && !Matches(pattern, text))
        {
            // The error text replaces the help text under the input, so it repeats what the value should look like.
            return string.IsNullOrWhiteSpace(Node.Description)
                ? $"Does not match the expected format ({pattern})."
                : $"Does not match the expected format: {Node.Description!.TrimEnd()}";
        }
        return null;
    }

    private static string? CheckJson(string text)
    {
        try
        {
            JsonNode.Parse(text);
            return null;
        }
        catch (JsonException error)
        {
            return $"Not valid JSON: {error.Message}";
        }
    }

    private static string? CheckExtras(string text)
    {
        if (CheckJson(text) is { } error)
        {
            return error;
        }
        return JsonNode.Parse(text) is JsonObject ? null : "Enter a JSON object, e.g. {\"url\": \"http://…\"}.";
    }

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception error) when (error is ArgumentException or RegexMatchTimeoutException)
        {
            // A pattern .NET reads differently is left to the server, which validates with the schema library.
            return true;
        }
    }

    private string? Range()
    {
        var low = Node.Minimum is { } min ? $"at least {SchemaNodeReader.Format(min)}" : Node.ExclusiveMinimum is { } xmin ? $"more than {SchemaNodeReader.Format(xmin)}" : null;
        var high = Node.Maximum is { } max ? $"at most {SchemaNodeReader.Format(max)}" : Node.ExclusiveMaximum is { } xmax ? $"less than {SchemaNodeReader.Format(xmax)}" : null;
        var whole = Node.Type == "integer" ? "A whole number" : "A number";
        return (low, high) switch
        {
            (null, null) => null,
            ({ } l, null) => $"{whole} {l}.",
            (null, { } h) => $"{whole} {h}.",
            ({ } l, { } h) => $"{whole} {l} and {h}.",
        };
    }

    private static string Display(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
