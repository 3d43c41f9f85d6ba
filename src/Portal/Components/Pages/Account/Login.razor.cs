using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Components.Pages.Account;

public sealed partial class Login
{
    private string? _error;

    [Inject]
    public required LocalAccountService Accounts { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required Microsoft.Extensions.Options.IOptions<AuthOptions> Auth { get; init; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "signedOut")]
    private string? SignedOutFlag { get; set; }

    [SupplyParameterFromQuery(Name = "failed")]
    private string? FailedFlag { get; set; }

    private bool SignedOut => SignedOutFlag == "1";

    private bool Failed => FailedFlag == "1";

    private bool IsOidc => Auth.Value.Mode == AuthMode.Oidc;

    private string ChallengeUrl => $"{Identity.Oidc.OidcSetup.ChallengePath.TrimStart('/')}?ReturnUrl={Uri.EscapeDataString(LocalSession.SafeReturnUrl(ReturnUrl))}";

    protected override void OnInitialized()
    {
        // The form binds a posted model over this one; on a plain GET there is none.
        Input ??= new();
        // Straight on to the provider, unless the user just signed out or the last attempt failed: then they choose.
        if (IsOidc && !SignedOut && !Failed)
        {
            Navigation.NavigateTo(ChallengeUrl);
        }
    }

    private async Task SignInAsync()
    {
        if (Auth.Value.Mode != AuthMode.Local)
        {
            _error = $"Built-in accounts are off: {AuthOptions.Section}:Mode is {Auth.Value.Mode}.";
            return;
        }
        var result = await Accounts.SignInAsync(Input.UserName, Input.Password, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (!result.Succeeded)
        {
            _error = result.Error;
            return;
        }
        await HttpContext.SignInAsync(IdentityServiceExtensions.CookieScheme, LocalSession.Principal(result.User!, result.SecurityStamp!, result.MustChangePassword));
        var target = LocalSession.SafeReturnUrl(ReturnUrl);
        Navigation.NavigateTo(result.MustChangePassword ? $"{IdentityServiceExtensions.PasswordPath}?ReturnUrl={Uri.EscapeDataString(target)}" : target, forceLoad: true);
    }

    private sealed class LoginInput
    {
        public string? UserName { get; set; }

        public string? Password { get; set; }
    }
}
