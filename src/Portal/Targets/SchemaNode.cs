using System.Text.Json;

namespace PortalRelease.Portal.Targets;

/// <summary>
/// One property of a driver's settings schema, as far as the portal needs it to generate a form and find secrets:
/// type, titles, defaults, enums, ranges and whether it is write-only (a secret). Objects carry their properties.
/// </summary>
public sealed record SchemaNode
{
    public required string Name { get; init; }

    /// <summary>A JSON pointer into the settings, e.g. <c>/fault/errorRate</c>; empty for the root.</summary>
    public required string Pointer { get; init; }

    /// <summary><c>string</c>, <c>number</c>, <c>integer</c>, <c>boolean</c>, <c>object</c>, or <c>json</c> for anything the form edits as raw JSON.</summary>
    public required string Type { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public JsonElement? Default { get; init; }

    public IReadOnlyList<JsonElement> Enum { get; init; } = [];

    public double? Minimum { get; init; }

    public double? Maximum { get; init; }

    public double? ExclusiveMinimum { get; init; }

    public double? ExclusiveMaximum { get; init; }

    public int? MinLength { get; init; }

    public int? MaxLength { get; init; }

    public string? Pattern { get; init; }

    /// <summary>The <c>contentMediaType</c> of a string (e.g. <c>application/yaml</c>): a document, edited on several lines.</summary>
    public string? ContentMediaType { get; init; }

    public bool Required { get; init; }

    /// <summary>Marked <c>"writeOnly": true</c>: a secret, accepted but never shown or returned.</summary>
    public bool WriteOnly { get; init; }

    /// <summary>
    /// Marked <c>"x-portal-destination"</c>: the setting decides where the target's secrets are sent (a URL, host, port,
    /// server, endpoint, or a region that picks the endpoint). Changing it requires sending the secrets again, and a URL
    /// or host in it is checked against the operator's policy.
    /// </summary>
    public bool Destination { get; init; }

    /// <summary>
    /// The kind whose policy a destination is checked against: the target's own kind (<c>"x-portal-destination": true</c>)
    /// unless the annotation names another, e.g. <c>"prometheus"</c> for a metric source's URL inside a target's settings.
    /// </summary>
    public string? DestinationKind { get; init; }

    public IReadOnlyList<SchemaNode> Properties { get; init; } = [];

    /// <summary>For objects: whether properties beyond <see cref="Properties"/> are allowed (<c>additionalProperties</c> not false).</summary>
    public bool OpenObject { get; init; } = true;

    /// <summary>The key of this secret in <see cref="Sdk.TargetContext.Secrets"/>: its pointer without the leading slash.</summary>
    public string SecretKey => Pointer.TrimStart('/');

    public string Label => string.IsNullOrWhiteSpace(Title) ? Name : Title;

    /// <summary>Every node below this one, depth first.</summary>
    public IEnumerable<SchemaNode> Descendants() => Properties.SelectMany(p => p.Descendants().Prepend(p));
}
