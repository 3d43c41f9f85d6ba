using System.Text.Json;

namespace PortalRelease.Portal.Releases;

/// <summary>What a person or a pipeline asks for: a template, the version to ship, parameter values and, optionally, delivery metadata.</summary>
public sealed record NewRelease(string Template, string Version, IReadOnlyDictionary<string, JsonElement> Parameters, ReleaseMetadataInput? Metadata = null);

/// <summary>Problems with a request, keyed by the field they concern (<c>template</c>, <c>version</c>, <c>parameters.x</c>).</summary>
public sealed class RequestErrors : Dictionary<string, string[]>
{
    public void Add(string field, string message) =>
        this[field] = TryGetValue(field, out var existing) ? [.. existing, message] : [message];
}

/// <summary>The new release's id, or the errors; on success also the plan it runs and its template's name, as saved.</summary>
public sealed record CreateReleaseResult(string? Id, RequestErrors Errors, Templates.ReleasePlan? Plan = null, string? TemplateName = null)
{
    public bool Succeeded => Id is not null;

    /// <summary>True when an earlier request with the same idempotency key created this release; this one created nothing.</summary>
    public bool Replayed { get; init; }

    /// <summary>Why nothing was created when the idempotency key was used before for a different request; else null.</summary>
    public string? KeyConflict { get; init; }
}

public enum CommandStatus
{
    Accepted,
    NotFound,
    Conflict,

    /// <summary>The command's own input is refused (a reason too long or with control characters); nothing was journaled.</summary>
    Invalid,
}

public sealed record CommandResult(CommandStatus Status, string? Message, ReleaseView? View)
{
    /// <summary>
    /// The release's last sequence number before the command's own event (the view has applied that event by now): the
    /// API's 202 says so, so a client that follows the release from it sees the command.
    /// </summary>
    public long? SeqBefore { get; init; }
}
