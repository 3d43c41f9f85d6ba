using System.Text.Json;
using PortalRelease.Contracts;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// The form generated from a driver's settings schema: fields by type, nested objects as sections, secrets as
/// write-only inputs. Checks in the browser what the schema says; the server checks again and its errors land on the
/// field they name.
/// </summary>
public sealed class SchemaFormModel
{
    public SchemaFormModel(SchemaNode root, JsonElement? settings = null, IReadOnlyDictionary<string, SecretStateView>? secrets = null)
    {
        Root = new SchemaFormSection(root, settings, secrets ?? new Dictionary<string, SecretStateView>(), 0);
    }

    public SchemaFormSection Root { get; }

    public IEnumerable<SchemaFormField> Fields => Root.AllFields;

    public bool Validate() => Root.Validate();

    public JsonElement Settings()
    {
        using var document = JsonDocument.Parse((Root.ToJson() ?? []).ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>Only what changes: a typed secret is sent, a cleared one is sent as null, an untouched one is left out (kept).</summary>
    public Dictionary<string, JsonElement> Secrets()
    {
        var secrets = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var field in Fields.Where(f => f.Node.WriteOnly))
        {
            if (!string.IsNullOrEmpty(field.Text))
            {
                secrets[field.Node.SecretKey] = JsonSerializer.SerializeToElement(field.Text);
            }
            else if (field.ClearSecret)
            {
                secrets[field.Node.SecretKey] = JsonSerializer.SerializeToElement<string?>(null);
            }
        }
        return secrets;
    }

    /// <summary>Puts each server error on its field; returns those that name no field (shown above the form).</summary>
    public IReadOnlyList<TargetError> ShowServerErrors(IEnumerable<TargetError> errors)
    {
        var unplaced = new List<TargetError>();
        foreach (var error in errors)
        {
            var field = error.Path.StartsWith("/secrets/", StringComparison.Ordinal)
                ? Fields.FirstOrDefault(f => f.Node.WriteOnly && "/secrets/" + f.Node.SecretKey == error.Path)
                : Fields.FirstOrDefault(f => !f.IsExtras && "/settings" + f.Pointer == error.Path)
                    // An error inside unlisted properties lands on the innermost open section's JSON field.
                    ?? Fields.Where(f => f.IsExtras && error.Path.StartsWith("/settings" + f.Pointer[..^1], StringComparison.Ordinal))
                        .MaxBy(f => f.Pointer.Length);
            if (field is null)
            {
                unplaced.Add(error);
            }
            else
            {
                field.Error = field.Error is null ? error.Message : $"{field.Error} {error.Message}";
            }
        }
        return unplaced;
    }
}
