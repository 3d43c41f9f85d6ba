namespace PortalRelease.Portal.Identity.Local;

/// <summary>
/// Holds a session whose password must be changed (the printed first admin password) at the change-password page:
/// pages redirect there, everything else but the account pages and static files answers 403. A printed password is
/// only as secret as the console it was printed on.
/// </summary>
internal static class MustChangePasswordMiddleware
{
    public static IApplicationBuilder UseMustChangePassword(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (!context.User.HasClaim(c => c.Type == LocalSession.MustChangeClaim) || IsExempt(context.Request.Path))
        {
            await next(context);
            return;
        }
        if (RequestKind.IsMachine(context.Request) || !HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }
        var back = Uri.EscapeDataString(context.Request.PathBase + context.Request.Path + context.Request.QueryString);
        context.Response.Redirect($"{context.Request.PathBase}{IdentityServiceExtensions.PasswordPath}?ReturnUrl={back}");
    });

    private static bool IsExempt(PathString path) =>
        path.StartsWithSegments("/account") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content")
        || path.StartsWithSegments("/healthz") || Path.HasExtension(path.Value);
}
