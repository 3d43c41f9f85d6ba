using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Who is acting. Until sign-in exists every action is recorded under the configured development identity, which
/// the UI marks as such. With <c>Portal:Engine:AllowIdentityHeader</c> on (development only) an API call may name
/// its user in <c>X-Portal-User</c> and the layout's picker switches the user of one browser circuit, so an author
/// and a different approver can be exercised. Scoped: one per request, or per circuit in the pages.
/// </summary>
public sealed class CurrentActor(IOptions<PortalOptions> options, IHttpContextAccessor http)
{
    public const string Header = "X-Portal-User";

    private string? _switched;

    /// <summary>Raised when the picker switches the user of this circuit.</summary>
    public event Action? Changed;

    public bool CanSwitch => options.Value.Engine.AllowIdentityHeader;

    public string Name => _switched ?? FromHeader() ?? options.Value.Engine.DevelopmentIdentity;

    /// <summary>Switches this circuit's user (development identity only); false when switching is off.</summary>
    public bool Switch(string user)
    {
        if (!CanSwitch || string.IsNullOrWhiteSpace(user))
        {
            return false;
        }
        _switched = user.Trim();
        Changed?.Invoke();
        return true;
    }

    private string? FromHeader()
    {
        if (!CanSwitch || http.HttpContext?.Request.Headers[Header] is not { Count: > 0 } values)
        {
            return null;
        }
        var user = values.ToString().Trim();
        return user.Length is > 0 and <= 64 ? user : null;
    }
}
