using System.Text.Json;
using System.Text.Json.Serialization;

namespace PortalRelease.Plugins.Cdn.Api;

/// <summary>A service version as <c>GET /service/{id}/version</c> lists it (only the fields the driver reads).</summary>
internal sealed record FastlyVersion
{
    [JsonPropertyName("number")]
    public int Number { get; init; }

    [JsonPropertyName("active")]
    public bool Active { get; init; }

    [JsonPropertyName("locked")]
    public bool Locked { get; init; }

    [JsonPropertyName("comment")]
    public string? Comment { get; init; }

    /// <summary>Where else the version is deployed, e.g. <c>staging</c>.</summary>
    [JsonPropertyName("environments")]
    public IReadOnlyList<FastlyEnvironment>? Environments { get; init; }
}

/// <summary>An environment a version is deployed to besides production.</summary>
internal sealed record FastlyEnvironment
{
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("active_version")]
    public int? ActiveVersion { get; init; }
}

/// <summary>A backend (origin) of a service version.</summary>
internal sealed record FastlyBackend
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("address")]
    public string? Address { get; init; }

    [JsonPropertyName("port")]
    public int? Port { get; init; }

    [JsonPropertyName("use_ssl")]
    public bool? UseSsl { get; init; }

    [JsonPropertyName("override_host")]
    public string? OverrideHost { get; init; }

    [JsonPropertyName("ssl_cert_hostname")]
    public string? SslCertHostname { get; init; }

    [JsonPropertyName("ssl_sni_hostname")]
    public string? SslSniHostname { get; init; }
}

/// <summary>A VCL snippet of a service version.</summary>
internal sealed record FastlySnippet
{
    [JsonPropertyName("name")]
    public string Name { get; init; } = "";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("content")]
    public string? Content { get; init; }

    // Fastly sends numbers as strings for snippets ("dynamic": "0", "priority": "100").
    [JsonPropertyName("priority")]
    public JsonElement Priority { get; init; }
}

/// <summary>The answer of <c>GET …/validate</c>: <c>status</c> is <c>ok</c> or <c>error</c>.</summary>
internal sealed record FastlyValidation
{
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("msg")]
    public string? Msg { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<string>? Errors { get; init; }

    public bool Ok => string.Equals(Status, "ok", StringComparison.OrdinalIgnoreCase);
}
