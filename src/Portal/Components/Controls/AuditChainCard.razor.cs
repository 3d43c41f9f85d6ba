using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// Whether the hash chains of journal and audit log are intact: the check made at start, until someone verifies
/// again here (a full walk of both tables, so one at a time per page).
/// </summary>
public sealed partial class AuditChainCard
{
    private AuditVerifyReport? _report;
    private bool _fresh;
    private bool _verifying;
    private int _verifications;
    private string? _error;

    [Inject]
    public required AuditReader Reader { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    private DateTimeOffset? _at;

    protected override async Task OnInitializedAsync() => _report = await Reader.StartCheckAsync();

    /// <summary>A click this soon after a verification finished is the second half of a double click, not a request to
    /// walk both tables again (a small log verifies faster than a double click, and the button is enabled again by then).</summary>
    public static readonly TimeSpan DoubleClick = TimeSpan.FromSeconds(1);

    /// <param name="shown">How many verifications had finished when the clicked button was rendered: a click that
    /// arrives on a button rendered before the last verification finished is ignored too.</param>
    private async Task VerifyAsync(int shown)
    {
        if (_verifying || shown != _verifications || (_at is { } last && Time.GetUtcNow() - last < DoubleClick))
        {
            return;
        }
        _verifying = true;
        _error = null;
        try
        {
            _report = await Reader.VerifyAsync();
            (_fresh, _at) = (true, Time.GetUtcNow());
            _verifications++;
        }
        catch (Exception error) when (error is IOException or InvalidOperationException or System.Data.Common.DbException)
        {
            _error = $"Verifying failed before it could finish: {error.Message}";
        }
        finally
        {
            _verifying = false;
        }
    }

    private string State => _report is null ? "unknown" : _report.Ok ? "intact" : "broken";

    private string Icon => _report is null ? Icons.Material.Filled.HelpOutline : _report.Ok ? Icons.Material.Filled.VerifiedUser : Icons.Material.Filled.GppBad;

    private Color Color => _report is null ? Color.Default : _report.Ok ? Color.Success : Color.Error;

    private string Headline => _report is null ? "Chain not checked yet in this run"
        : _report.Ok ? "Audit chain intact" : "Audit chain broken";

    private string Summary
    {
        get
        {
            if (_report is null)
            {
                return "The start check has not finished; verify now to walk the journal and the audit log.";
            }
            var rows = string.Join(", ", _report.Chains.Select(c => $"{c.Table} {c.RowsChecked:N0} rows"));
            var when = _fresh && _at is { } at ? $"verified {RelativeTime.Absolute(at)}" : "checked at start";
            var anchor = _report.Anchors.Latest is { } latest ? $"; newest anchor {RelativeTime.Absolute(latest.At)}" : "; no anchor yet";
            return $"{rows}{anchor}; {when} in {_report.ElapsedMs:0} ms";
        }
    }
}
