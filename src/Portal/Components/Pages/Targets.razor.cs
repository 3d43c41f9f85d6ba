using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The configured targets, read-only, with whether a loaded plugin can drive each.</summary>
public partial class Targets
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] SecretWords = ["secret", "password", "token", "apikey", "api-key", "credential"];

    private IReadOnlyList<TargetRecord> _targets = [];

    [Inject]
    public required TargetRepository Repository { get; init; }

    [Inject]
    public required PluginCatalog Plugins { get; init; }

    protected override async Task OnInitializedAsync() => _targets = await Repository.ListAsync();

    private bool HasDriver(string kind) => Plugins.FindDriver(kind) is not null;

    /// <summary>Pretty JSON with anything that looks like a secret masked: secrets are never shown.</summary>
    private static string Settings(string json)
    {
        try
        {
            var node = JsonNode.Parse(json);
            Mask(node);
            return node?.ToJsonString(Indented) ?? "";
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static void Mask(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (SecretWords.Any(w => key.Contains(w, StringComparison.OrdinalIgnoreCase)))
                    {
                        obj[key] = "••••••";
                    }
                    else
                    {
                        Mask(value);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Mask(item);
                }
                break;
            default:
                break;
        }
    }
}
