using PortalRelease.Portal.Cluster;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Incidents;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Notifications;
using PortalRelease.Portal.OnCall;
using PortalRelease.Portal.Ownership;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal;

/// <summary>The portal's composition: every module registers itself through one <c>Add*</c> and one <c>Map*</c>.</summary>
public static class PortalExtensions
{
    public static WebApplicationBuilder AddPortal(this WebApplicationBuilder builder)
    {
        // `dotnet run` outside Development would otherwise serve empty framework and MudBlazor assets; a published
        // portal has no static web assets manifest and serves wwwroot as usual.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddPortalServices(builder.Configuration);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        return builder;
    }

    /// <summary>
    /// Everything but the web host: the same container the app runs on, for tests that render pages or drive the
    /// engine without HTTP. Needs an <see cref="IHostEnvironment"/> (its content root anchors relative paths).
    /// </summary>
    public static IServiceCollection AddPortalServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>()
            .Bind(configuration.GetSection(PortalOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>();
        services.AddSingleton<PortalPaths>();
        services.AddSingleton(TimeProvider.System);

        services.AddPortalHealth();
        services.AddPortalData(configuration);
        services.AddAudit();
        services.AddPortalIdentity(configuration);
        services.AddPortalAccess(configuration);
        services.AddOwnership();
        services.AddGates(configuration);
        services.AddTargets(configuration);
        services.AddPluginHost(configuration);
        services.AddTemplates();
        services.AddLiveUpdates();
        services.AddReleaseEngine();
        // After the engine: the lease keeper adopts releases only once the engine has started.
        services.AddCluster(configuration);
        services.AddIncidents();
        services.AddDashboards();
        services.AddSlos(configuration);
        services.AddOnCall();
        services.AddNotifications(configuration);
        services.AddPortalApi();
        services.AddPortalOpenApi();
        services.AddPortalTelemetry(configuration);
        services.AddMudServices();
        return services;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        // In every environment: the developer page would show a stack trace, and re-executing into "/error", a path no
        // endpoint serves, turned every fault into a 404 (GET) or 405 (POST) without a word of what happened.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCrossOriginGuard();
        app.UseApiBodyLimits();
        app.UseAuthentication();
        app.UseMustChangePassword();
        app.UseAuthorization();
        // Only endpoints that ask for it are cached (the OpenAPI document); everything else passes through.
        app.UseOutputCache();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapHealthEndpoints();
        app.MapPortalApi();
        app.MapPortalOpenApi();
        app.MapLiveUpdates();
        app.MapPortalTelemetry(app.Configuration);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
