using MudBlazor;

namespace PortalRelease.Portal.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", AppbarBackground = "#283593" },
        // Indigo 200 with dark text: white on indigo 300 (#7986cb) was about 3:1 on filled buttons and selected chips,
        // and primary links and outlined buttons on the dark surface were hard to read.
        PaletteDark = new PaletteDark { Primary = "#9fa8da", PrimaryContrastText = "rgba(0,0,0,0.87)" },
    };
}
