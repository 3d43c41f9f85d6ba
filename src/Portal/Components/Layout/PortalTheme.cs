using MudBlazor;

namespace PortalRelease.Portal.Components.Layout;

public static class PortalTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight { Primary = "#3f51b5", AppbarBackground = "#283593" },
        PaletteDark = new PaletteDark { Primary = "#7986cb" },
    };
}
