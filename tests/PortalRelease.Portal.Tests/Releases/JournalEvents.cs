using System.Text.Json;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>Builds journal events for folding tests, numbered in the order they are added.</summary>
internal sealed class JournalEvents
{
    public static readonly DateTimeOffset Start = new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero);

    private readonly List<JournalEvent> _events = [];

    public JournalEvents(string releaseId = "r1") => ReleaseId = releaseId;

    public string ReleaseId { get; }

    public IReadOnlyList<JournalEvent> All => _events;

    public JournalEvents Add<T>(T payload, string? actor = "engine") where T : notnull
    {
        var seq = _events.Count + 1;
        _events.Add(new JournalEvent(ReleaseId, seq, Start.AddSeconds(seq), typeof(T).Name, actor, JsonSerializer.SerializeToElement(payload, JournalJson.Options)));
        return this;
    }

    /// <summary>StateChanged events walking the lifecycle to <paramref name="state"/> along allowed transitions.</summary>
    public JournalEvents To(Lifecycle state)
    {
        Lifecycle[] path = state switch
        {
            Lifecycle.Proposed => [],
            Lifecycle.Validated => [Lifecycle.Validated],
            Lifecycle.Deploying => [Lifecycle.Validated, Lifecycle.Deploying],
            Lifecycle.Verifying => [Lifecycle.Validated, Lifecycle.Deploying, Lifecycle.Verifying],
            Lifecycle.Promoted => [Lifecycle.Validated, Lifecycle.Deploying, Lifecycle.Promoted],
            Lifecycle.Failed => [Lifecycle.Validated, Lifecycle.Deploying, Lifecycle.Failed],
            Lifecycle.RolledBack => [Lifecycle.Validated, Lifecycle.Deploying, Lifecycle.Failed, Lifecycle.RolledBack],
            _ => [Lifecycle.Validated, Lifecycle.Deploying, Lifecycle.Aborted],
        };
        var from = Lifecycle.Proposed;
        foreach (var to in path)
        {
            Add(new StateChanged(from, to, $"to {to}"));
            from = to;
        }
        return this;
    }

    public ReleaseView View() => ReleaseView.From(ReleaseId, _events);
}
