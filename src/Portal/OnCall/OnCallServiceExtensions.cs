using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.OnCall;

public static class OnCallServiceExtensions
{
    public static IServiceCollection AddOnCall(this IServiceCollection services)
    {
        services.AddSingleton<OnCallQueries>();
        services.AddSingleton<OnCallService>();
        return services;
    }
}
