namespace PortalRelease.Portal.Slos;

public static class SloServiceExtensions
{
    /// <summary>SLOs declared in templates, measured through the targets' metric sources.</summary>
    public static IServiceCollection AddSlos(this IServiceCollection services)
    {
        services.AddSingleton<SloCatalog>();
        services.AddSingleton<SloEvaluator>();
        services.AddSingleton<SloService>();
        return services;
    }
}
