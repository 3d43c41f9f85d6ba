namespace PortalRelease.Portal.Configuration;

/// <summary>
/// <c>Portal:Limits</c>: how much any one request may hand the portal. Every input is hostile until checked: each limit
/// exceeded is a 4xx that names the field and the limit, and nothing is saved.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Portal:Limits";

    /// <summary>The largest body of an API request other than a template import, in bytes (413 above it).</summary>
    public long RequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest template, in bytes of the <c>POST /api/templates</c> body and in characters of its YAML.</summary>
    public int TemplateBytes { get; set; } = 1024 * 1024;

    /// <summary>The most stages (or components of a release train) one template may declare.</summary>
    public int TemplateStages { get; set; } = 50;

    /// <summary>The most steps one stage, wave or component may hold.</summary>
    public int TemplateStepsPerStage { get; set; } = 100;

    /// <summary>The most steps in one template, over all its stages, waves and components.</summary>
    public int TemplateSteps { get; set; } = 1000;

    /// <summary>The most waves one stage may declare.</summary>
    public int TemplateWaves { get; set; } = 50;

    /// <summary>The most targets one stage or wave may name.</summary>
    public int TemplateTargets { get; set; } = 100;

    /// <summary>The most parameters one template may declare, and the most values one release request may give.</summary>
    public int TemplateParameters { get; set; } = 100;

    /// <summary>The longest text value of one parameter (a default, an option, a value given for a release), in characters.</summary>
    public int ParameterValueLength { get; set; } = 1024;

    /// <summary>The most bytes of one target's settings and secrets together, as JSON.</summary>
    public int TargetBytes { get; set; } = 64 * 1024;

    /// <summary>The longest single text value in a target's settings or secrets, in characters (a kubeconfig fits).</summary>
    public int TargetValueLength { get; set; } = 32 * 1024;

    /// <summary>The most alerts one Alertmanager webhook call may carry.</summary>
    public int Alerts { get; set; } = 500;

    /// <summary>The most labels (and, separately, annotations) of one alert or group.</summary>
    public int AlertLabels { get; set; } = 64;

    /// <summary>The longest label or annotation name or value, in characters.</summary>
    public int AlertLabelLength { get; set; } = 4096;

    /// <summary>The longest comment or reason (approval, rejection, override, quarantine, pause, abort), in characters.</summary>
    public int CommentLength { get; set; } = 2000;
}
