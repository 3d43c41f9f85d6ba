using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The form that issues an API token (name, lifetime, role, environments, services, owning teams), on the personal tokens page and
/// for service accounts alike. The page supplies <see cref="Issue"/>, the service call; a refusal about a field is
/// shown at that field, any other under the form; the value goes to <see cref="OnIssued"/> and nowhere else.
/// </summary>
public partial class ApiTokenForm
{
    private ApiTokenDraft _draft = new();
    private bool _busy;
    private string? _message;
    private string? _field;
    private string? _fieldMessage;

    /// <summary>The service call that issues the token.</summary>
    [Parameter, EditorRequired]
    public required Func<ApiTokenRequest, Task<CreatedApiToken>> Issue { get; set; }

    /// <summary>Receives the new token (to show its value once); the form waits for it before it takes clicks again.</summary>
    [Parameter]
    public EventCallback<CreatedApiToken> OnIssued { get; set; }

    /// <summary>What an unrestricted token may do, in the reader's words.</summary>
    [Parameter]
    public string Unrestricted { get; set; } = "all you may do";

    [Parameter]
    public string SubmitText { get; set; } = "Create token";

    /// <summary>Why the reader may not issue a token here; the form is disabled and says so. Null when they may.</summary>
    [Parameter]
    public string? DisabledReason { get; set; }

    private string? Error(string field) => _field == field ? _fieldMessage : null;

    private async Task CreateAsync()
    {
        // One click, one token: a double click lands here while the first is still busy.
        if (_busy || DisabledReason is not null || string.IsNullOrWhiteSpace(_draft.Name))
        {
            return;
        }
        _busy = true;
        (_message, _field, _fieldMessage) = (null, null, null);
        try
        {
            var created = await Issue(_draft.ToRequest());
            _draft = new ApiTokenDraft();
            await OnIssued.InvokeAsync(created);
        }
        catch (ApiTokenException refused)
        {
            (_field, _fieldMessage) = (refused.Field, refused.Message);
        }
        catch (ServiceAccountException refused)
        {
            _message = refused.Message;
        }
        catch (AccessDeniedException denied)
        {
            _message = denied.Message;
        }
        finally
        {
            _busy = false;
        }
    }
}
