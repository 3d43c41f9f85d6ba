using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal;

/// <summary>The portal's composition: every module registers itself through one <c>Add*</c> and one <c>Map*</c>.</summary>
public static class PortalExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PortalOptions>()
            .Bind(builder.Configuration.GetSection(PortalOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<PortalPaths>();
        services.AddSingleton(TimeProvider.System);

        services.AddPortalData();
        services.AddPluginHost();
        services.AddTemplates();
        services.AddLiveUpdates();
        services.AddReleaseEngine();
        services.AddPortalApi();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddHealthChecks();
        return builder;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        }
        app.UseStatusCodePages();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapPortalApi();
        app.MapPluginEndpoints();
        app.MapLiveUpdates();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
