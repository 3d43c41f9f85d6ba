using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// The sign-in cookie's events: machine calls get 401/403 instead of a redirect to the sign-in page, and a local
/// account's session ends as soon as its password changes, it is locked or removed (its security stamp is checked on
/// every request: one primary-key read).
/// </summary>
internal sealed class LocalCookieEvents(LocalAccountService accounts) : CookieAuthenticationEvents
{
    public const string StampClaim = "portal:stamp";

    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context) =>
        Answer(context, StatusCodes.Status401Unauthorized, base.RedirectToLogin);

    public override Task RedirectToAccessDenied(RedirectContext<CookieAuthenticationOptions> context) =>
        Answer(context, StatusCodes.Status403Forbidden, base.RedirectToAccessDenied);

    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        if (PortalUser.From(context.Principal) is not { Method: LocalAccountService.Method } user)
        {
            return;
        }
        var current = await accounts.CurrentAsync(user.Id, context.HttpContext.RequestAborted);
        if (current is null || current.Value.Stamp != context.Principal!.FindFirst(StampClaim)?.Value)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status, Func<RedirectContext<CookieAuthenticationOptions>, Task> redirect)
    {
        if (RequestKind.IsMachine(context.Request) || !AcceptsHtml(context.Request))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        return redirect(context);
    }

    private static bool AcceptsHtml(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
