namespace PortalRelease.Portal.OnCall;

public static class OnCallServiceExtensions
{
    public static IServiceCollection AddOnCall(this IServiceCollection services)
    {
        services.AddSingleton<OnCallService>();
        return services;
    }
}
