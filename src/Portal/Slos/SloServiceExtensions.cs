using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Slos;

public static class SloServiceExtensions
{
    /// <summary>SLOs declared in templates, measured through the targets' metric sources and reused for <c>Portal:Slos:CacheFor</c>.</summary>
    public static IServiceCollection AddSlos(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SloOptions>().Bind(configuration.GetSection(SloOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SloOptions>, SloOptionsValidator>();
        services.AddSingleton<SloCatalog>();
        services.AddSingleton<SloEvaluator>();
        services.AddSingleton<SloCache>();
        services.AddSingleton<ErrorBudgetFreeze>();
        services.AddSingleton<SloService>();
        return services;
    }
}
