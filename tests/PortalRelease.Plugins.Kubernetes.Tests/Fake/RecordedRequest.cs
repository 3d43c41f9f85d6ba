using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

/// <summary>One request the fake API server received, as it arrived.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, string? ContentType, string Body, string? Authorization, DateTimeOffset At)
{
    public IReadOnlyDictionary<string, StringValues> QueryValues { get; } = QueryHelpers.ParseQuery(Query);

    public bool IsWatch => QueryValues.TryGetValue("watch", out var w) && w == "true";

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    /// <summary>A write (anything but GET).</summary>
    public bool IsWrite => Method != "GET";

    public override string ToString() => $"{Method} {Path}{Query} [{ContentType}]";
}
