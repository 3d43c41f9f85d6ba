using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;

namespace PortalRelease.Portal.Components;

public sealed partial class App
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    // Every page is interactive except those marked [ExcludeFromInteractiveRouting] (signing in, changing a password):
    // they post forms and set the session cookie, which only a plain HTTP request can do.
    private IComponentRenderMode? PageRenderMode => HttpContext.AcceptsInteractiveRouting() ? RenderMode.InteractiveServer : null;
}
