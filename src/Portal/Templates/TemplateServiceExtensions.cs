namespace PortalRelease.Portal.Templates;

public static class TemplateServiceExtensions
{
    /// <summary>Registers the template parser and compiler (stateless singletons).</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton<TemplateParser>();
        services.AddSingleton<TemplateCompiler>();
        return services;
    }
}
