using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// One journal event, as <c>GET /api/releases/{id}/events</c> and the hub serve it. <see cref="Seq"/> is the release's
/// own sequence number (1, 2, 3, … without gaps): a client resumes with <c>?after=</c> the last one it saw.
/// <see cref="Type"/> names the payload in <see cref="Data"/> (StateChanged, StepStarted, MeasurementTaken, …).
/// </summary>
public sealed record ReleaseEvent(string ReleaseId, long Seq, DateTimeOffset At, string Type, string? Actor, JsonElement Data, string? ActorName);
