namespace PortalRelease.Portal.Targets.Policy;

/// <summary>
/// <c>Portal:TargetPolicy</c>: where targets and metric sources may connect, which host folders their settings may name
/// and which optional features they may use, per kind. Settings come from the portal's users; this is the operator's
/// limit on them. A kind that is not listed may reach loopback only (when <see cref="AllowLoopback"/>).
/// </summary>
public sealed class TargetPolicyOptions
{
    public const string Section = "Portal:TargetPolicy";

    /// <summary>Every kind may connect to loopback (<c>localhost</c>, <c>127.0.0.0/8</c>, <c>::1</c>), plain http included: for development.</summary>
    public bool AllowLoopback { get; set; } = true;

    /// <summary>The rules per kind, keyed by the kind's name (case-insensitive).</summary>
    public Dictionary<string, KindPolicyOptions> Kinds { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One kind's entry under <c>Portal:TargetPolicy:Kinds</c>.</summary>
public sealed class KindPolicyOptions
{
    /// <summary>
    /// Host names or IP literals the kind may connect to: exact (<c>api.fastly.com</c>), or with <c>*</c> standing for one
    /// or more whole labels (<c>*.example.com</c>, <c>lambda.*.amazonaws.com</c>); an optional <c>:port</c> limits the port.
    /// </summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>
    /// CIDR ranges (<c>10.0.0.0/8</c>, <c>fd00::/8</c>): an IP literal inside one is allowed, and a host name when every
    /// address it resolves to is inside one.
    /// </summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>Plain <c>http</c> to this kind's allowed hosts and networks; off by default (loopback follows <see cref="TargetPolicyOptions.AllowLoopback"/>).</summary>
    public bool AllowHttp { get; set; }

    /// <summary>The folder host paths in this kind's settings resolve in (relative to the portal's home); empty: no host paths.</summary>
    public string Root { get; set; } = "";

    /// <summary>Optional features the operator enables for this kind, e.g. <c>in-cluster</c> for <c>kubernetes</c>.</summary>
    public List<string> Features { get; set; } = [];
}
