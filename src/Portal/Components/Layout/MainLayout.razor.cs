using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen = true;
    private bool _isDarkMode;

    [Inject]
    public required IOptions<PortalOptions> Options { get; init; }

    private string Identity => Options.Value.Engine.DevelopmentIdentity;

    private void ToggleDrawer() => _drawerOpen = !_drawerOpen;

    private void ToggleDarkMode() => _isDarkMode = !_isDarkMode;
}
