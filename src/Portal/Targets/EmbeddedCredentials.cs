using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// The credentials inside a structured secret (a kubeconfig, a JSON key file): every leaf under a credential-like key.
/// A driver or an upstream quotes those, not the whole document, so each must be masked on its own.
/// </summary>
internal static partial class EmbeddedCredentials
{
    /// <summary>Documents larger than this are not searched: secrets are bounded far below it, and parsing costs.</summary>
    private const int MaxLength = 1024 * 1024;

    public static IEnumerable<string> Find(string value)
    {
        if (value.Length > MaxLength)
        {
            return [];
        }
        var text = value.TrimStart();
        if (text.StartsWith('{') || text.StartsWith('['))
        {
            return FromJson(value);
        }
        return value.Contains('\n', StringComparison.Ordinal) || value.Contains(": ", StringComparison.Ordinal) ? FromYaml(value) : [];
    }

    private static List<string> FromJson(string value)
    {
        var found = new List<string>();
        try
        {
            using var document = JsonDocument.Parse(value);
            Walk(document.RootElement, false, found);
        }
        catch (JsonException)
        {
            // Not JSON after all: nothing embedded to find.
        }
        return found;
    }

    private static void Walk(JsonElement element, bool underCredential, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, underCredential || CredentialKey().IsMatch(property.Name), found);
                }
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, underCredential, found);
                }
                break;
            case JsonValueKind.String when underCredential:
                found.Add(element.GetString()!);
                break;
            default:
                break;
        }
    }

    private static List<string> FromYaml(string value)
    {
        var found = new List<string>();
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(value));
            foreach (var document in yaml.Documents)
            {
                Walk(document.RootNode, false, found);
            }
        }
        catch (YamlException)
        {
            // Not YAML after all: nothing embedded to find.
        }
        return found;
    }

    private static void Walk(YamlNode node, bool underCredential, List<string> found)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, child) in mapping.Children)
                {
                    Walk(child, underCredential || (key is YamlScalarNode { Value: { } name } && CredentialKey().IsMatch(name)), found);
                }
                break;
            case YamlSequenceNode sequence:
                foreach (var child in sequence.Children)
                {
                    Walk(child, underCredential, found);
                }
                break;
            case YamlScalarNode { Value: { } scalar } when underCredential:
                found.Add(scalar);
                break;
            default:
                break;
        }
    }

    // token, id-token, refresh-token, password, client-key-data, client-certificate-data, certificate-authority-data,
    // private_key, secretAccessKey, apiKey, credentials, auth-provider's config: whatever a key file calls its secrets.
    [GeneratedRegex("token|passw|secret|credential|private|client-key|client-certificate|certificate-authority|api[-_]?key|access[-_]?key|bearer|auth-provider|cookie|session", RegexOptions.IgnoreCase)]
    private static partial Regex CredentialKey();
}
