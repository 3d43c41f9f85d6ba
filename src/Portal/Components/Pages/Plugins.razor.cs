using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Components.Pages;

public partial class Plugins
{
    [Inject]
    public required PluginCatalog Catalog { get; init; }

    private static Color StatusColor(PluginStatus status) => status switch
    {
        PluginStatus.Loaded => Color.Success,
        PluginStatus.Incompatible => Color.Warning,
        _ => Color.Error,
    };

    private static string ShortHash(string hash) => hash.Length > 12 ? hash[..12] : hash;

    private static string FormatTime(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "";
}
