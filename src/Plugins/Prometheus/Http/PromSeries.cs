using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Http;

/// <summary>One series of a query's answer: its labels and its samples (one for an instant query).</summary>
internal sealed record PromSeries(IReadOnlyDictionary<string, string> Labels, IReadOnlyList<MetricPoint> Samples)
{
    /// <summary>The labels as PromQL writes them, e.g. <c>{code="500",version="1.2.3"}</c>, for error messages.</summary>
    public string Describe() =>
        "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}
