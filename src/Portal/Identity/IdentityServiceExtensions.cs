using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Ci;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Identity.Oidc;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Identity;

public static class IdentityServiceExtensions
{
    /// <summary>The cookie a browser session rides on (pages and the Blazor circuit; never <c>/api</c>).</summary>
    public const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    /// <summary>Chooses per request: development identity, API credentials or the session cookie.</summary>
    public const string PortalScheme = "Portal";

    public const string LoginPath = "/account/login";

    public const string LogoutPath = "/account/logout";

    public const string PasswordPath = "/account/password";

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(AuthOptions.Section);
        services.AddOptions<AuthOptions>()
            .Bind(section, binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddPortalOidc();
        services.AddPortalCi();
        services.AddSingleton<LocalAccountRepository>();
        services.AddSingleton<LocalAccountService>();
        services.AddSingleton<LocalUserService>();
        services.AddSingleton<LastAdminRule>();
        // After the database initializer (registered by AddPortalData), before the server listens.
        services.AddSingleton<InitialAdmin>();
        services.AddHostedService(sp => sp.GetRequiredService<InitialAdmin>());
        services.AddHostedService<DevelopmentModeGuard>();
        services.AddSingleton<LocalCookieEvents>();
        services.AddSingleton<ApiTokenRepository>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<ServiceAccountRepository>();
        services.AddSingleton<ServiceAccountService>();
        services.AddScoped<CurrentActor>();
        // Before the Blazor server's own registration, which only adds one when none is there.
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, LocalSessionRevalidator>();
        services.AddScoped<CircuitHandler, CircuitActorHandler>();

        // The mode is read per request, not here: configuration a host adds late (tests, hosting) is only complete then.
        var authentication = services.AddAuthentication(PortalScheme)
            .AddPolicyScheme(PortalScheme, "Portal", policy => policy.ForwardDefaultSelector = context =>
                context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.Development
                    ? DevelopmentAuthenticationHandler.SchemeName
                    : RequestKind.IsMachine(context.Request) ? ApiAuthenticationHandler.SchemeName
                    : CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiAuthenticationHandler>(ApiAuthenticationHandler.SchemeName, null)
            .AddCookie(CookieScheme, cookie =>
            {
                cookie.Cookie.Name = "PortalRelease.Session";
                cookie.Cookie.HttpOnly = true;
                // Lax, not Strict: a sign-in that returns from an identity provider is a cross-site navigation, and a
                // Strict cookie would be missing on its first page. Lax still withholds it from cross-site POSTs.
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.LoginPath = LoginPath;
                cookie.LogoutPath = LogoutPath;
                cookie.SlidingExpiration = true;
                cookie.EventsType = typeof(LocalCookieEvents);
            });
        authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentAuthenticationHandler>(DevelopmentAuthenticationHandler.SchemeName, null);
        services.AddOptions<CookieAuthenticationOptions>(CookieScheme)
            .Configure<IOptions<AuthOptions>>((cookie, auth) => cookie.ExpireTimeSpan = auth.Value.SessionLifetime);

        // Every endpoint needs a signed-in user unless it says otherwise (health, metrics, the sign-in page, assets).
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        return services;
    }
}
