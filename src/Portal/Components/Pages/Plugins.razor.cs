using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Components.Pages;

public sealed partial class Plugins
{
    [Inject]
    public required PluginCatalog Catalog { get; init; }

    [Inject]
    public required IJSRuntime JS { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override void OnInitialized() => Catalog.Changed += OnCatalogChanged;

    public void Dispose() => Catalog.Changed -= OnCatalogChanged;

    // Hot reload changes the catalog on the watcher's thread: re-render on the circuit's.
    private void OnCatalogChanged() => _ = InvokeAsync(StateHasChanged);

    private async Task CopyAsync(string sha256)
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", sha256);
            Snackbar.Add("SHA-256 copied: add it to Portal:Plugins:Allowed.", Severity.Success);
        }
        catch (JSException)
        {
            // A browser that refuses clipboard access (an insecure origin): the hash is still in the tooltip to select.
            Snackbar.Add($"The browser refused the clipboard; the SHA-256 is {sha256}", Severity.Warning);
        }
    }

    private static Color StatusColor(PluginStatus status) => status switch
    {
        PluginStatus.Loaded => Color.Success,
        PluginStatus.Incompatible => Color.Warning,
        _ => Color.Error,
    };

    private static string ShortHash(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    private static string FormatMs(double? ms) => ms is { } value ? value.ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "";

    private static string FormatDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string FormatClock(DateTimeOffset time) => time.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
