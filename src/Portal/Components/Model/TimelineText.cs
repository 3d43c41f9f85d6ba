using System.Globalization;
using System.Text.Json;
using MudBlazor;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// Words, icon and colour for each journal event type. Reads events in order: an <see cref="ActionDone"/> is
/// described with the <see cref="ActionIntended"/> it confirms.
/// </summary>
public sealed class TimelineText(ReleasePlan? plan = null)
{
    private readonly Dictionary<string, ActionIntended> _intended = new(StringComparer.Ordinal);
    private readonly List<PlanStep> _steps = plan is null ? [] : [.. plan.Steps().Select(s => s.Step)];

    public TimelineEntry Describe(JournalEvent e)
    {
        var (text, detail, icon, color) = e.Type switch
        {
            nameof(ReleaseCreated) => Created(e.Payload<ReleaseCreated>()),
            nameof(StateChanged) => State(e.Payload<StateChanged>()),
            nameof(StepStarted) => StepStarted(e.Payload<StepStarted>()),
            nameof(StepCompleted) => ($"Step {e.Payload<StepCompleted>().Index + 1} completed", null, Icons.Material.Filled.Check, Color.Success),
            nameof(ActionIntended) => Intended(e.Payload<ActionIntended>()),
            nameof(ActionDone) => Done(e.Payload<ActionDone>()),
            nameof(ActionFailed) => Failed(e.Payload<ActionFailed>()),
            nameof(PauseStarted) => PauseStarted(e.Payload<PauseStarted>()),
            nameof(Paused) => ($"Paused: {e.Payload<Paused>().Reason}", null, Icons.Material.Filled.PauseCircle, Color.Warning),
            nameof(Resumed) => (e.Payload<Resumed>().Comment is { } c ? $"Resumed: {c}" : "Resumed", null, Icons.Material.Filled.PlayCircle, Color.Info),
            nameof(AbortRequested) => ($"Abort requested: {e.Payload<AbortRequested>().Reason}", null, Icons.Material.Filled.StopCircle, Color.Error),
            nameof(RollbackRequested) => ($"Rollback requested: {e.Payload<RollbackRequested>().Reason}", null, Icons.Material.Filled.Undo, Color.Error),
            nameof(MeasurementTaken) => Measurement(e.Payload<MeasurementTaken>()),
            nameof(AnalysisVerdict) => Verdict(e.Payload<AnalysisVerdict>()),
            nameof(MetricsSampled) => Sampled(e.Payload<MetricsSampled>()),
            nameof(EngineWarning) => ($"Warning: {e.Payload<EngineWarning>().Message}", null, Icons.Material.Filled.Warning, Color.Warning),
            nameof(ResumedAfterGap) => Gap(e.Payload<ResumedAfterGap>()),
            nameof(ComponentFailed) => (e.Payload<ComponentFailed>().Describe(), null, Icons.Material.Filled.AccountTree, Color.Error),
            _ => GateTimelineText.Describe(e) ?? OperationsTimelineText.Describe(e) ?? Fallback(e),
        };
        return new TimelineEntry(e.Seq, e.At, e.Type, e.ActorDisplay, text, detail, icon, color);
    }

    /// <summary>
    /// An event type with no sentence of its own (one added to the journal without a description here, or written by a
    /// newer portal): its type in words and its fields as "name: value", never raw JSON.
    /// </summary>
    public static (string Text, string? Detail, string Icon, Color Color) Fallback(JournalEvent e)
    {
        var fields = e.Data.ValueKind == JsonValueKind.Object
            ? string.Join("; ", e.Data.EnumerateObject().Where(p => p.Value.ValueKind is not JsonValueKind.Null).Select(p => $"{Words(p.Name)}: {Field(p.Value)}"))
            : "";
        return (char.ToUpperInvariant(Words(e.Type)[0]) + Words(e.Type)[1..], fields.Length == 0 ? null : fields, Icons.Material.Filled.Circle, Color.Default);
    }

    // "TargetsLocked" and "consecutiveFailures" read as "targets locked" and "consecutive failures".
    private static string Words(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    private static string Field(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? "",
        JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(Field)),
        JsonValueKind.Object => string.Join(", ", value.EnumerateObject().Where(p => p.Value.ValueKind is not JsonValueKind.Null).Select(p => $"{Words(p.Name)} {Field(p.Value)}")),
        JsonValueKind.True => "yes",
        JsonValueKind.False => "no",
        _ => value.GetRawText(),
    };

    private static (string, string?, string, Color) Created(ReleaseCreated c)
    {
        var parameters = c.Parameters.Count == 0 ? null : string.Join(", ", c.Parameters.Select(p => $"{p.Key} = {Value(p.Value)}"));
        return ($"Created version {c.Version} from template {c.Template} v{c.TemplateVersion}", parameters, Icons.Material.Filled.AddCircle, Color.Default);
    }

    private static (string, string?, string, Color) State(StateChanged s) =>
        ($"{LifecycleDisplay.Label(s.From)} → {LifecycleDisplay.Label(s.To)}", s.Reason, LifecycleDisplay.Icon(s.To), LifecycleDisplay.Color(s.To));

    private static (string, string?, string, Color) StepStarted(StepStarted s) =>
        ($"Step {s.Index + 1} started on {s.Stage}: {s.Description}", null, Icons.Material.Filled.PlayArrow, Color.Primary);

    private (string, string?, string, Color) Intended(ActionIntended a)
    {
        _intended[a.Key] = a;
        return ($"{Action(a)} — intended", null, Icons.Material.Filled.Schedule, Color.Default);
    }

    private (string, string?, string, Color) Done(ActionDone d)
    {
        var what = _intended.TryGetValue(d.Key, out var a) ? Action(a) : $"Action on {d.Target}";
        return ($"{what} — {d.Outcome}", d.Detail, Icons.Material.Filled.TaskAlt, Color.Success);
    }

    private (string, string?, string, Color) Failed(ActionFailed f)
    {
        var what = _intended.TryGetValue(f.Key, out var a) ? Action(a) : $"Action on {f.Target}";
        return ($"{what} — failed", f.Error, Icons.Material.Filled.ErrorOutline, Color.Error);
    }

    /// <summary>The strategy of the plan step an apply belongs to (its key names the step); canary when unknown.</summary>
    private DeploymentStrategy StrategyOf(ActionIntended a) =>
        ActionKeys.StepOf(a.Key) is { } index && index < _steps.Count && _steps[index] is StrategyApplyStep apply ? apply.Strategy : DeploymentStrategy.Canary;

    private string Action(ActionIntended a) => (a.Action, a.Cohort, StrategyOf(a)) switch
    {
        ("apply", "stable", DeploymentStrategy.BlueGreen) => $"Switch all traffic to {a.Version} on {a.Target}",
        ("apply", "stable", DeploymentStrategy.AllAtOnce) => $"Replace every instance with {a.Version} on {a.Target}",
        ("apply", "stable", DeploymentStrategy.Rolling) when a.Weight >= 100 => $"Roll {a.Version} out to every instance on {a.Target}",
        _ => ActionOnCanary(a),
    };

    private static string ActionOnCanary(ActionIntended a) => (a.Action, a.Cohort) switch
    {
        ("apply", "canary") => $"Set canary weight to {a.Weight}% on {a.Target}",
        ("apply", "stable") when a.Weight < 100 => $"Roll {a.Version} out to {a.Weight}% of instances on {a.Target}",
        ("apply", "preview") => $"Deploy {a.Version} as preview on {a.Target}",
        ("apply", "previous") => $"Retire the previous version on {a.Target}",
        ("apply", "mirror") => $"Mirror {a.Weight}% of traffic to {a.Version} on {a.Target}",
        ("apply", "stable") => $"Promote {a.Version} on {a.Target}",
        ("rollback", _) when a.ToVersion is { } previous => $"Roll back {a.Target} to {previous}",
        ("rollback", _) => $"Roll back {a.Target} (it had no previous version)",
        _ => $"{a.Action} {a.Version} on {a.Target}",
    };

    private static (string, string?, string, Color) PauseStarted(PauseStarted p) => p.Until is { } until
        ? ($"Step {p.Index + 1}: pausing until {RelativeTime.Clock(until)} UTC", null, Icons.Material.Filled.HourglassTop, Color.Info)
        : ($"Step {p.Index + 1}: waiting for a person to resume", null, Icons.Material.Filled.FrontHand, Color.Warning);

    private static (string, string?, string, Color) Measurement(MeasurementTaken m)
    {
        var value = m.Value is { } v ? Number(v) : "no value";
        var bound = (m.Outcome, m.Max, m.Min) switch
        {
            (_, null, null) => "",
            (MeasurementOutcome.Failed, { } max, _) when m.Value > max => $" > {Number(max)}",
            (MeasurementOutcome.Failed, _, { } min) when m.Value < min => $" < {Number(min)}",
            (_, { } max, { } min) => $" within {Number(min)}–{Number(max)}",
            (_, { } max, null) => $" ≤ {Number(max)}",
            (_, null, { } min) => $" ≥ {Number(min)}",
        };
        var text = m.Outcome == MeasurementOutcome.Inconclusive
            ? $"Measurement {m.Round}: {m.Metric} on {m.Target} — Inconclusive"
            : $"Measurement {m.Round}: {m.Metric} {value}{bound}{Versus(m.Baseline)} on {m.Target} — {m.Outcome}";
        var color = m.Outcome switch
        {
            MeasurementOutcome.Passed => Color.Success,
            MeasurementOutcome.Failed => Color.Error,
            _ => Color.Warning,
        };
        return (text, m.Explanation, Icons.Material.Filled.Straighten, color);
    }

    private static (string, string?, string, Color) Gap(ResumedAfterGap gap)
    {
        var rounds = gap.Rounds.Count == 1 ? $"round {gap.Rounds[0]}" : $"rounds {string.Join(", ", gap.Rounds.SkipLast(1))} and {gap.Rounds[^1]}";
        var away = Durations.Format(TimeSpan.FromSeconds(Math.Max(1, Math.Round(gap.Away.TotalSeconds))));
        return (
            $"Resumed after {away} away: {rounds} of the {gap.Metric} analysis (step {gap.Index + 1}) fell due meanwhile, each measured over its own interval",
            $"The last event before the gap was at {RelativeTime.Clock(gap.LastSeen)} UTC.",
            Icons.Material.Filled.History,
            Color.Warning);
    }

    /// <summary>" vs baseline 121, p = 0.004" when the round compared the canary with its baseline.</summary>
    private static string Versus(BaselineEvidence? baseline) => baseline?.Value is { } value
        ? $" vs baseline {Number(value)}{(baseline.PValue is { } p ? ", " + Verification.EvidenceText.P(p) : "")}"
        : "";

    private static (string, string?, string, Color) Verdict(AnalysisVerdict v)
    {
        var color = v.Verdict switch
        {
            Releases.Journal.Verdict.Passed => Color.Success,
            Releases.Journal.Verdict.Failed => Color.Error,
            _ => Color.Warning,
        };
        return ($"Analysis of step {v.Index + 1}: {v.Verdict}", v.Explanation, Icons.Material.Filled.Gavel, color);
    }

    private static (string, string?, string, Color) Sampled(MetricsSampled s) =>
        ($"Telemetry on {s.Target}{(s.Source is { } source ? $" from {source}" : "")}: canary errors {Percent(s.Canary.ErrorRate)}, p95 {Millis(s.Canary.LatencyP95)}; "
            + $"baseline errors {Percent(s.Baseline.ErrorRate)}, p95 {Millis(s.Baseline.LatencyP95)}",
            s.Analysed is { } a ? $"{a.Metric}: canary {Optional(a.Canary)}, baseline {Optional(a.Baseline)}" : null, Icons.Material.Filled.ShowChart, Color.Default);

    // Parameters come back from the journal as JSON; durations were written as TimeSpan text ("00:00:05").
    private static string Value(object? value) => value switch
    {
        JsonElement { ValueKind: JsonValueKind.String } text when TimeSpan.TryParseExact(text.GetString(), "c", CultureInfo.InvariantCulture, out var duration)
            => Durations.Format(duration),
        JsonElement { ValueKind: JsonValueKind.String } text => text.GetString() ?? "",
        JsonElement json => json.GetRawText(),
        _ => ParameterValues.Format(value),
    };

    private static string Optional(double? value) => value is { } v ? Number(v) : "no data";

    public static string Number(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Percent(double? value) => value is { } v ? (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%" : "–";

    public static string Millis(double? value) => value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "–";
}
