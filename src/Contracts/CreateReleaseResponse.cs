namespace PortalRelease.Contracts;

/// <summary>The 201 answer of <c>POST /api/releases</c>: the new release's id, and the gates it waits for now (if any).</summary>
public sealed record CreateReleaseResponse(string Id, IReadOnlyList<GateWait> WaitsFor);

/// <summary>A gate that holds a release before it deploys to <see cref="Stage"/>: a closed window, a freeze, a spent error budget.</summary>
public sealed record GateWait(string Gate, string Stage, string Reason, DateTimeOffset? OpensAt);
