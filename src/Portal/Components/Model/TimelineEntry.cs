using MudBlazor;

namespace PortalRelease.Portal.Components.Model;

/// <summary>One journal event as the timeline shows it: what happened in words, who did it, when.</summary>
public sealed record TimelineEntry(long Seq, DateTimeOffset At, string Type, string? Actor, string Text, string? Detail, string Icon, Color Color);
