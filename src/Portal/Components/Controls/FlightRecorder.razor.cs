using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.JSInterop;
using MudBlazor;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The release's flight recorder: every journal event newest first, filtered by category chips and text, a page of
/// <see cref="PageSize"/> at a time so a release with thousands of events renders as fast as a short one; above it the
/// telemetry with deployment markers. <c>?event=42</c> or <c>#event-42</c> opens the page holding event 42 and
/// scrolls to it, highlighted. A release whose plan declares <c>slos:</c> charts each SLO's SLI against its objective
/// instead of its own telemetry samples: that is what the service's users saw.
/// </summary>
public sealed partial class FlightRecorder : IDisposable
{
    public const int PageSize = 100;

    private readonly HashSet<string> _categories = new(FlightCategory.Default, StringComparer.Ordinal);
    private List<TimelineEntry> _filtered = [];
    private int _seenCount = -1;
    private ReleaseLive? _seenLive;
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private string _text = "";
    private int _page;
    private long? _highlight;
    private long? _copied;
    private bool _scrollPending;

    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [Inject]
    public required IScrollManager Scroll { get; init; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    private int PageCount => Math.Max(1, (int)Math.Ceiling(_filtered.Count / (double)PageSize));

    private string Summary => _filtered.Count == Live.Timeline.Count
        ? $"{_filtered.Count} events, newest first"
        : $"{_filtered.Count} of {Live.Timeline.Count} events, newest first";

    protected override void OnInitialized()
    {
        Navigation.LocationChanged += OnLocationChanged;
        Highlight(Navigation.Uri);
    }

    protected override void OnParametersSet()
    {
        // The page re-renders us after each batch of the change feed: refilter only when the timeline grew.
        if (!ReferenceEquals(_seenLive, Live) || _seenCount != Live.Timeline.Count)
        {
            Refilter();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_scrollPending && _highlight is { } seq && _filtered.Any(e => e.Seq == seq))
        {
            _scrollPending = false;
            await Scroll.ScrollIntoViewAsync($"#event-{seq}", ScrollBehavior.Smooth);
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs args) => _ = InvokeAsync(() =>
    {
        Highlight(args.Location);
        Refilter();
        StateHasChanged();
    });

    /// <summary>Reads the event to highlight from <c>?event=N</c> or <c>#event-N</c>.</summary>
    private void Highlight(string uri)
    {
        var parsed = new Uri(uri);
        var fromQuery = QueryHelpers.ParseQuery(parsed.Query).TryGetValue("event", out var values) ? values.ToString() : null;
        var fromFragment = parsed.Fragment.StartsWith("#event-", StringComparison.Ordinal) ? parsed.Fragment["#event-".Length..] : null;
        if (!long.TryParse(fromQuery ?? fromFragment, NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            return;
        }
        _highlight = seq;
        _scrollPending = true;
        // A linked event is shown even if its category is off by default (a telemetry sample), and the text filter is cleared.
        if (Live.Timeline.FirstOrDefault(e => e.Seq == seq) is { } entry)
        {
            _categories.Add(FlightCategory.Of(entry.Type));
        }
        _text = "";
    }

    private void Refilter()
    {
        _seenLive = Live;
        _seenCount = Live.Timeline.Count;
        _counts.Clear();
        foreach (var entry in Live.Timeline)
        {
            var category = FlightCategory.Of(entry.Type);
            _counts[category] = _counts.GetValueOrDefault(category) + 1;
        }
        var text = _text.Trim();
        _filtered = [.. Live.Timeline.Reverse().Where(e => _categories.Contains(FlightCategory.Of(e.Type)) && Matches(e, text))];
        if (_highlight is { } seq && _scrollPending && _filtered.FindIndex(e => e.Seq == seq) is >= 0 and var index)
        {
            _page = index / PageSize;
        }
        _page = Math.Clamp(_page, 0, PageCount - 1);
    }

    private static bool Matches(TimelineEntry e, string text) => text.Length == 0
        || e.Text.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.Detail?.Contains(text, StringComparison.OrdinalIgnoreCase) == true
        || e.Type.Contains(text, StringComparison.OrdinalIgnoreCase)
        || e.Actor?.Contains(text, StringComparison.OrdinalIgnoreCase) == true
        || $"#{e.Seq}" == text;

    private IEnumerable<TimelineEntry> PageOf(List<TimelineEntry> entries) => entries.Skip(_page * PageSize).Take(PageSize);

    private int Count(string category) => _counts.GetValueOrDefault(category);

    private void Toggle(string category)
    {
        if (!_categories.Remove(category))
        {
            _categories.Add(category);
        }
        _page = 0;
        Refilter();
    }

    private void SetText(string? text)
    {
        _text = text ?? "";
        _page = 0;
        Refilter();
    }

    private string Link(long seq) => $"releases/{Live.Record.Id}?event={seq}";

    private async Task CopyAsync(long seq)
    {
        var url = Navigation.ToAbsoluteUri(Link(seq)).ToString();
        try
        {
            await Js.InvokeVoidAsync("navigator.clipboard.writeText", url);
            _copied = seq;
        }
        catch (JSException)
        {
            // No clipboard (an insecure origin, or permission refused): follow the link instead, so it is in the address bar to copy.
            Navigation.NavigateTo(url);
        }
    }

    // A fraction, as the analysis evidence and thresholds print it.
    private static (double? Canary, double? Baseline) ErrorRate(FlightPoint p) => (p.CanaryErrorRate, p.BaselineErrorRate);

    private static (double? Canary, double? Baseline) LatencyP95(FlightPoint p) => (p.CanaryP95, p.BaselineP95);

    public void Dispose() => Navigation.LocationChanged -= OnLocationChanged;
}
