using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>API tokens in a table (never their values): scope, expiry, last use and where from, and a Revoke button.</summary>
public partial class ApiTokenTable
{
    [Parameter, EditorRequired]
    public required IReadOnlyList<ApiTokenInfo> Tokens { get; set; }

    [Parameter, EditorRequired]
    public required DateTimeOffset Now { get; set; }

    [Parameter]
    public EventCallback<ApiTokenInfo> OnRevoke { get; set; }

    [Parameter]
    public bool Busy { get; set; }

    /// <summary>Why the reader may not revoke these tokens; the buttons are disabled and say so. Null when they may.</summary>
    [Parameter]
    public string? RevokeRefusal { get; set; }

    [Parameter]
    public string Unrestricted { get; set; } = "all you may do";

    [Parameter]
    public string EmptyText { get; set; } = "No API tokens.";
}
