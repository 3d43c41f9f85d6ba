using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Templates;

public static class TemplateServiceExtensions
{
    /// <summary>Registers the template parser and compiler (stateless singletons).</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddSingleton(provider => new TemplateParser(provider.GetRequiredService<IOptions<PortalOptions>>().Value.Limits));
        services.AddSingleton(provider => new TemplateCompiler(provider.GetRequiredService<IOptions<PortalOptions>>().Value.Limits));
        return services;
    }
}
