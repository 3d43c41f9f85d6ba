namespace PortalRelease.Portal.Templates;

public static class TemplateServiceExtensions
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) => services;
}
