using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The audit log, filtered and paged newest first through <see cref="AuditReader"/>, the same reader the API uses. The
/// filters live in the URL (a filtered view is a link to share) and are read by the API's parser, so the page refuses
/// what the API refuses, with the same words; the export links carry the same filters.
/// </summary>
public sealed partial class AuditPage
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    private readonly AuditFilterFields _fields = new();
    private readonly HashSet<long> _open = [];
    private AuditFilterInput? _input;
    private List<AuditRecord>? _entries;
    private long? _next;
    private bool _loadingMore;
    private string? _loadedQuery;

    // Why the signed-in user may not read the trail (only admins may), or null.
    private string? _forbidden;

    [Inject]
    public required AuditReader Reader { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    // Declared so that a change of any filter in the URL sets parameters again; the values are read from the URL itself.
    [SupplyParameterFromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [SupplyParameterFromQuery(Name = "action")]
    public string? Action { get; set; }

    [SupplyParameterFromQuery(Name = "resourceKind")]
    public string? ResourceKind { get; set; }

    [SupplyParameterFromQuery(Name = "resourceId")]
    public string? ResourceId { get; set; }

    [SupplyParameterFromQuery(Name = "from")]
    public string? From { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? To { get; set; }

    [SupplyParameterFromQuery(Name = "outcome")]
    public string? Outcome { get; set; }

    private bool Filtered => _input is { Filter: var filter } && filter != AuditFilter.All;

    protected override async Task OnParametersSetAsync()
    {
        var query = new Uri(Navigation.Uri).Query;
        if (query == _loadedQuery)
        {
            return;
        }
        _loadedQuery = query;
        var parameters = QueryHelpers.ParseQuery(query);
        _fields.Read(parameters);
        _input = AuditFilterParser.Parse(parameters);
        _entries = null;
        _next = null;
        _open.Clear();
        if (_input.Ok)
        {
            try
            {
                var page = await Reader.ListAsync(_input.Filter, null, AuditFilterParser.DefaultLimit);
                (_entries, _next) = (page.Entries.ToList(), page.Next);
            }
            catch (Identity.Access.AccessDeniedException denied)
            {
                _forbidden = denied.Message;
            }
        }
    }

    /// <param name="cursor">The page the clicked button was rendered for: the second click of a double click still names
    /// it after the first has loaded it, and is ignored rather than load the page after.</param>
    private async Task LoadMoreAsync(long? cursor)
    {
        if (_loadingMore || _next is not { } before || before != cursor || _input is not { Ok: true } input || _entries is null)
        {
            return;
        }
        _loadingMore = true;
        try
        {
            var page = await Reader.ListAsync(input.Filter, before, AuditFilterParser.DefaultLimit);
            _entries.AddRange(page.Entries);
            _next = page.Next;
        }
        finally
        {
            _loadingMore = false;
        }
    }

    private void Apply() => Navigation.NavigateTo(Navigation.GetUriWithQueryParameters("/audit", _fields.ToQuery()));

    private void Clear() => Navigation.NavigateTo("/audit");

    private void OnFilterKey(KeyboardEventArgs key)
    {
        if (key.Key == "Enter")
        {
            Apply();
        }
    }

    private string ExportHref(string format)
    {
        var query = _input is { Ok: true } input ? AuditFilterParser.ToQuery(input.Filter) : [];
        query["format"] = format;
        return Navigation.GetUriWithQueryParameters(AuditEndpoints.PageExportPath, query);
    }

    private void Toggle(long id)
    {
        if (!_open.Remove(id))
        {
            _open.Add(id);
        }
    }

    private static string Time(DateTimeOffset at) => RelativeTime.Absolute(at).Replace(" UTC", "", StringComparison.Ordinal);

    private static bool HasDetails(AuditRecord entry) => entry.Details is { ValueKind: JsonValueKind.Object } details && details.EnumerateObject().Any();

    private static string Details(AuditRecord entry) => JsonSerializer.Serialize(entry.Details, Indented);

    private static Color OutcomeColor(string outcome) => outcome switch
    {
        AuditOutcomes.Ok => Color.Success,
        "refused" or "failed" => Color.Error,
        _ => Color.Warning,
    };

    private static string Label(string parameter) => AuditFilterFields.Labels.GetValueOrDefault(parameter, parameter);
}
