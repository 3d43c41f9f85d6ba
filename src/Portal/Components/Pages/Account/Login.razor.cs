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

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private LoginInput Input { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    private string? ReturnUrl { get; set; }

    [SupplyParameterFromQuery(Name = "signedOut")]
    private string? SignedOutFlag { get; set; }

    private bool SignedOut => SignedOutFlag == "1";

    // The form binds a posted model over this one; on a plain GET there is none.
    protected override void OnInitialized() => Input ??= new();

    private async Task SignInAsync()
    {
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
