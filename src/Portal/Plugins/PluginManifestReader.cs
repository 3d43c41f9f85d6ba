using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>The outcome of reading a folder's manifest: the manifest, or why it cannot be used.</summary>
internal sealed record ManifestReadResult(PluginManifest? Manifest, string? Error);

/// <summary>Reads and checks <c>plugin.json</c> without touching the plugin's code.</summary>
internal static partial class PluginManifestReader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static ManifestReadResult Read(string folder)
    {
        var path = Path.Combine(folder, PluginManifest.FileName);
        if (!File.Exists(path))
        {
            return Fail($"The folder has no {PluginManifest.FileName}; every plugin folder needs one beside its assembly.");
        }
        PluginManifest? manifest;
        try
        {
            using var stream = File.OpenRead(path);
            manifest = JsonSerializer.Deserialize<PluginManifest>(stream, Options);
        }
        catch (JsonException ex)
        {
            return Fail(Describe(ex));
        }
        catch (IOException ex)
        {
            return Fail($"{PluginManifest.FileName} could not be read: {ex.Message}");
        }
        if (manifest is null)
        {
            return Fail($"{PluginManifest.FileName} holds null instead of a manifest object.");
        }
        var error = Validate(manifest, folder);
        return error is null ? new ManifestReadResult(manifest, null) : Fail(error);
    }

    /// <summary>The absolute path of the manifest's main assembly; only valid for a manifest that passed validation.</summary>
    public static string AssemblyPath(PluginManifest manifest, string folder) => Path.GetFullPath(manifest.Assembly, folder);

    private static ManifestReadResult Fail(string error) => new(null, error);

    private static string Describe(JsonException ex)
    {
        // The exception's message ends with a zero-based location; state it once, counted from 1 as editors do.
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        }
        var what = cut < 0 ? message : message[..cut];
        var where = ex.LineNumber is { } line
            ? $"line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}"
            : "an unknown position";
        var path = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : $" ({ex.Path})";
        return $"{PluginManifest.FileName} is not a valid manifest at {where}{path}: {what}";
    }
}
