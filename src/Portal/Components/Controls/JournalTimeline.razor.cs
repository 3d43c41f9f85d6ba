using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The release's journal, newest first, in words. Telemetry samples are hidden unless asked for: they are many.</summary>
public partial class JournalTimeline
{
    private const int MaxShown = 300;

    private bool _showSamples;

    [Parameter, EditorRequired]
    public required IReadOnlyList<TimelineEntry> Entries { get; set; }

    private IEnumerable<TimelineEntry> Visible => Entries.Where(e => _showSamples || e.Type != nameof(MetricsSampled));

    private IEnumerable<TimelineEntry> Shown => Visible.Reverse().Take(MaxShown);

    private string Summary
    {
        get
        {
            var count = Visible.Count();
            return count > MaxShown ? $"Newest {MaxShown} of {count} events" : $"{count} events, newest first";
        }
    }
}
