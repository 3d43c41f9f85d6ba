using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Components.Pages.Account;

public sealed partial class ChangePassword
{
    private string? _error;

    [Inject]
    public required LocalAccountService Accounts { get; init; }

    [Inject]
    public required IOptions<AuthOptions> Auth { get; init; }

    [Inject]
    public required InitialAdmin InitialAdmin { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [SupplyParameterFromForm]
    private PasswordInput Input { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "ReturnUrl")]
    private string? ReturnUrl { get; set; }

    private int MinimumLength => Auth.Value.Local.MinimumPasswordLength;

    private bool MustChange => HttpContext.User.HasClaim(c => c.Type == LocalSession.MustChangeClaim);

    protected override void OnInitialized()
    {
        // The form binds a posted model over this one; on a plain GET there is none.
        Input ??= new();
        if (PortalUser.From(HttpContext.User) is not { Method: LocalAccountService.Method })
        {
            _error = "Your password is kept by your organisation's sign-in, not by the portal.";
        }
    }

    private async Task ChangeAsync()
    {
        if (PortalUser.From(HttpContext.User) is not { Method: LocalAccountService.Method } user)
        {
            return;
        }
        if (Input.Replacement != Input.Confirm)
        {
            _error = "The two new passwords differ.";
            return;
        }
        _error = await Accounts.ChangePasswordAsync(user.Id, Input.Current, Input.Replacement, HttpContext.Connection.RemoteIpAddress?.ToString(), HttpContext.RequestAborted);
        if (_error is not null)
        {
            return;
        }
        if (user.Id == InitialAdmin.UserName)
        {
            InitialAdmin.Forget();
        }
        // The old session ended with the old stamp: sign in again with the new one.
        var current = await Accounts.CurrentAsync(user.Id, HttpContext.RequestAborted);
        await HttpContext.SignInAsync(IdentityServiceExtensions.CookieScheme, LocalSession.Principal(current!.Value.User, current.Value.Stamp, mustChange: false));
        Navigation.NavigateTo(LocalSession.SafeReturnUrl(ReturnUrl), forceLoad: true);
    }

    private sealed class PasswordInput
    {
        public string? Current { get; set; }

        public string? Replacement { get; set; }

        public string? Confirm { get; set; }
    }
}
