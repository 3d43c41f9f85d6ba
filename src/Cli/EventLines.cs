using System.Globalization;
using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// A journal event as one progress line for a person or a CI log: state changes, steps, weights per target, analysis
/// rounds and verdicts, gates waited for. Events that only feed charts (MetricsSampled) or bookkeeping give no line.
/// Stateful: an action's weight is in its ActionIntended event and is shown when its ActionDone arrives.
/// </summary>
public sealed class EventLines
{
    private const int BarWidth = 20;

    private readonly Dictionary<string, JsonElement> _intended = new(StringComparer.Ordinal);

    /// <summary>The line for <paramref name="e"/> and its Spectre style, or null when the event makes no line.</summary>
    public (string Text, string? Style)? Describe(ReleaseEvent e)
    {
        var d = e.Data;
        return e.Type switch
        {
            "StateChanged" => ($"state: {S(d, "from")} -> {S(d, "to")}{Suffix(S(d, "reason"))}", "bold"),
            "Queued" => ($"queued behind release {S(d, "behind")} on {S(d, "on")}", "yellow"),
            "StepStarted" => ($"step {I(d, "index") + 1} [{S(d, "stage")}]: {S(d, "description")}", null),
            "ActionIntended" => Remember(d),
            "ActionDone" => Done(d),
            "ActionFailed" => ($"  {S(d, "target")}: failed: {S(d, "error")}", "red"),
            "MeasurementTaken" => ($"  analysis round {I(d, "round")} on {S(d, "target")}: {S(d, "outcome")} - {S(d, "explanation")}", Verdict(S(d, "outcome"))),
            "AnalysisVerdict" => ($"analysis verdict: {S(d, "explanation")}", Verdict(S(d, "verdict"))),
            "PauseStarted" => Pause(d),
            "Paused" => ($"paused: {S(d, "reason")}", "yellow"),
            "Resumed" => ($"resumed by {Who(e)}{Suffix(S(d, "comment"))}", null),
            "ApprovalRequested" => ($"waiting for approval: {I(d, "approvers")} approver(s) with role {S(d, "role")} for stage {S(d, "stage")}{Deadline(d)}", "yellow"),
            "ApprovalGiven" => ($"approved by {Who(e)}{Suffix(S(d, "comment"))}", "green"),
            "ApprovalRejected" => ($"rejected by {Who(e)}{Suffix(S(d, "comment"))}", "red"),
            "ApprovalDecided" => ($"approval decided: {S(d, "reason")}", S(d, "approved") == "true" ? "green" : "red"),
            "ApprovalTimedOut" => ($"approval timed out: {S(d, "outcome")}", "yellow"),
            "WindowWaiting" => ($"waiting for the deployment window of {S(d, "environment")} (stage {S(d, "stage")}): {S(d, "reason")}{Opens(d)}", "yellow"),
            "GateOverridden" => ($"gate {S(d, "gate")} of stage {S(d, "stage")} overridden by {Who(e)}: {S(d, "reason")}", "yellow"),
            "RollbackRequested" => ($"rollback requested: {S(d, "reason")}", "red"),
            "AbortRequested" => ($"abort requested by {Who(e)}: {S(d, "reason")}", "red"),
            "EngineWarning" => ($"warning: {S(d, "message")}", "yellow"),
            "ReleaseCreated" or "StepCompleted" or "TargetsLocked" or "TargetsReleased" or "MetricsSampled" => null,
            _ => (e.Type, "grey"),
        };
    }

    /// <summary><c>[#####...............]</c> for a weight of 25%.</summary>
    public static string Bar(int weight)
    {
        var filled = Math.Clamp((weight * BarWidth + 50) / 100, 0, BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "]";
    }

    private (string, string?)? Remember(JsonElement d)
    {
        if (S(d, "key") is { } key)
        {
            _intended[key] = d.Clone();
        }
        return null;
    }

    private (string, string?) Done(JsonElement d)
    {
        var target = S(d, "target");
        if (S(d, "key") is { } key && _intended.Remove(key, out var intended))
        {
            var action = S(intended, "action");
            // TryGetInt32: a weight of 25.5 or 1e10 from a portal of another version must not end the command.
            if (action == "apply" && intended.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var weight))
            {
                var cohort = S(intended, "cohort") ?? "canary";
                return ($"  {target} {Bar(weight)} {weight,3}% {cohort} {S(intended, "version")}", "green");
            }
            if (action == "rollback")
            {
                return ($"  {target}: rolled back {S(intended, "version")} to {S(intended, "toVersion") ?? "the previous version"}", "yellow");
            }
        }
        return ($"  {target}: {S(d, "outcome")}{Suffix(S(d, "detail"))}", null);
    }

    private static (string, string?) Pause(JsonElement d) =>
        d.TryGetProperty("until", out var until) && until.ValueKind == JsonValueKind.String
            ? ($"pausing until {until.GetString()}", null)
            : ("waiting for a person to resume the release", "yellow");

    private static string? Verdict(string? outcome) => outcome switch
    {
        "Passed" => "green",
        "Failed" => "red",
        _ => "yellow",
    };

    private static string Who(ReleaseEvent e) => e.ActorName ?? e.Actor ?? "someone";

    private static string Suffix(string? text) => string.IsNullOrWhiteSpace(text) ? "" : ": " + text;

    private static string Deadline(JsonElement d) => S(d, "deadline") is { } at ? $" (deadline {at}, then {S(d, "onTimeout")})" : "";

    private static string Opens(JsonElement d) => S(d, "opensAt") is { } at ? $" (opens {at})" : "";

    private static string? S(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined => null,
                _ => v.GetRawText(),
            }
            : null;

    private static int I(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : 0;

    /// <summary>An event as a line of <c>portal release events</c>: sequence, time, type, then its progress line.</summary>
    public string Listing(ReleaseEvent e)
    {
        var line = Describe(e)?.Text.Trim();
        var at = e.At.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return line is null || line == e.Type ? $"#{e.Seq} {at} {e.Type}" : $"#{e.Seq} {at} {e.Type}: {line}";
    }
}
