using System.Text.Json;
using PortalRelease.Contracts;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// What an operator submits for a target. <see cref="Secrets"/> maps a secret's key to its new value: a string sets it,
/// JSON <c>null</c> clears it, and a secret left out keeps its stored value.
/// </summary>
public sealed record TargetInput(string? Name, string? Kind, JsonElement? Settings, IReadOnlyDictionary<string, JsonElement>? Secrets)
{
    /// <summary>The environment the target deploys to; left out keeps the stored one, "" removes it (see <see cref="TargetLabels"/>).</summary>
    public string? Environment { get; init; }

    /// <summary>The owning team (a group name); left out keeps the stored one, "" removes it.</summary>
    public string? Team { get; init; }
}

/// <summary>One problem with a submitted target, at a JSON pointer into the request body, e.g. <c>/settings/port</c>.</summary>
public sealed record TargetError(string Path, string Message)
{
    public override string ToString() => $"{(Path.Length == 0 ? "(body)" : Path)}: {Message}";
}

public enum TargetOutcome
{
    Ok,
    Invalid,
    NotFound,
    Conflict,
}

/// <summary>How a create, update or delete ended: the saved target, or why nothing was saved.</summary>
public sealed record TargetChange(TargetOutcome Outcome, TargetView? Target, IReadOnlyList<TargetError> Errors, string? Message = null)
{
    public static TargetChange Invalid(IReadOnlyList<TargetError> errors) => new(TargetOutcome.Invalid, null, errors);

    public static TargetChange NotFound(string name) => new(TargetOutcome.NotFound, null, [], $"There is no target named '{Excerpt.Of(name)}'.");

    public static TargetChange Conflict(string message) => new(TargetOutcome.Conflict, null, [], message);
}
