using System.Text.Json;
using PortalRelease.Plugins.Cdn.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Api;

internal sealed partial class FastlyClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>GET /service/{id}/version</c>: every version with its comment, active and locked flags.</summary>
    public async Task<IReadOnlyList<FastlyVersion>> ListVersionsAsync(FastlySettings settings, CancellationToken cancellationToken) =>
        Read<List<FastlyVersion>>(await SendAsync(settings, HttpMethod.Get, $"{Service(settings)}/version", null, "listing versions", cancellationToken), "listing versions", settings);

    /// <summary><c>PUT /service/{id}/version/{v}/clone</c>: a new, editable copy of a version.</summary>
    public async Task<FastlyVersion> CloneAsync(FastlySettings settings, int version, CancellationToken cancellationToken)
    {
        var what = $"cloning version {version}";
        return Read<FastlyVersion>(await SendAsync(settings, HttpMethod.Put, $"{Version(settings, version)}/clone", null, what, cancellationToken), what, settings);
    }

    /// <summary><c>PUT /service/{id}/version/{v}</c> with <c>comment</c>: where the portal keeps its record.</summary>
    public Task CommentAsync(FastlySettings settings, int version, string comment, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Put, Version(settings, version), [new("comment", comment)], $"writing the comment of version {version}", cancellationToken);

    public async Task<IReadOnlyList<FastlyBackend>> ListBackendsAsync(FastlySettings settings, int version, CancellationToken cancellationToken)
    {
        var what = $"listing the backends of version {version}";
        return Read<List<FastlyBackend>>(await SendAsync(settings, HttpMethod.Get, $"{Version(settings, version)}/backend", null, what, cancellationToken), what, settings);
    }

    public Task CreateBackendAsync(FastlySettings settings, int version, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Post, $"{Version(settings, version)}/backend", form, $"creating a backend in version {version}", cancellationToken);

    public Task UpdateBackendAsync(FastlySettings settings, int version, string name, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Put, $"{Version(settings, version)}/backend/{Uri.EscapeDataString(name)}", form, $"updating backend {name} in version {version}", cancellationToken);

    public Task DeleteBackendAsync(FastlySettings settings, int version, string name, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Delete, $"{Version(settings, version)}/backend/{Uri.EscapeDataString(name)}", null, $"deleting backend {name} in version {version}", cancellationToken);

    public async Task<IReadOnlyList<FastlySnippet>> ListSnippetsAsync(FastlySettings settings, int version, CancellationToken cancellationToken)
    {
        var what = $"listing the VCL snippets of version {version}";
        return Read<List<FastlySnippet>>(await SendAsync(settings, HttpMethod.Get, $"{Version(settings, version)}/snippet", null, what, cancellationToken), what, settings);
    }

    public Task CreateSnippetAsync(FastlySettings settings, int version, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Post, $"{Version(settings, version)}/snippet", form, $"creating a VCL snippet in version {version}", cancellationToken);

    public Task UpdateSnippetAsync(FastlySettings settings, int version, string name, IReadOnlyList<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Put, $"{Version(settings, version)}/snippet/{Uri.EscapeDataString(name)}", form, $"updating VCL snippet {name} in version {version}", cancellationToken);

    public Task DeleteSnippetAsync(FastlySettings settings, int version, string name, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Delete, $"{Version(settings, version)}/snippet/{Uri.EscapeDataString(name)}", null, $"deleting VCL snippet {name} in version {version}", cancellationToken);

    /// <summary><c>GET /service/{id}/version/{v}/validate</c>: compiles the version without deploying it.</summary>
    public async Task<FastlyValidation> ValidateAsync(FastlySettings settings, int version, CancellationToken cancellationToken)
    {
        var what = $"validating version {version}";
        try
        {
            return Read<FastlyValidation>(await SendAsync(settings, HttpMethod.Get, $"{Version(settings, version)}/validate", null, what, cancellationToken), what, settings);
        }
        catch (FastlyApiException error) when ((int)error.Status == 400)
        {
            // A version that does not compile may also be refused with 400 and the reason in msg/detail.
            return new FastlyValidation { Status = "error", Msg = error.Message };
        }
    }

    /// <summary>
    /// <c>PUT /service/{id}/version/{v}/activate</c>, or <c>…/activate/staging</c> for the staging environment.
    /// Production activation locks the version; staging does not.
    /// </summary>
    public Task ActivateAsync(FastlySettings settings, int version, string? environment, CancellationToken cancellationToken) =>
        SendAsync(
            settings, HttpMethod.Put, $"{Version(settings, version)}/activate{(environment is null ? "" : "/" + environment)}", null,
            environment is null ? $"activating version {version}" : $"activating version {version} on {environment}", cancellationToken);

    /// <summary><c>POST /service/{id}/purge_all</c>.</summary>
    public Task PurgeAllAsync(FastlySettings settings, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Post, $"{Service(settings)}/purge_all", null, "purging the whole cache", cancellationToken);

    /// <summary><c>POST /service/{id}/purge/{surrogate_key}</c>.</summary>
    public Task PurgeKeyAsync(FastlySettings settings, string key, CancellationToken cancellationToken) =>
        SendAsync(settings, HttpMethod.Post, $"{Service(settings)}/purge/{Uri.EscapeDataString(key)}", null, $"purging surrogate key {key}", cancellationToken);

    private static T Read<T>(JsonElement element, string what, FastlySettings settings)
    {
        try
        {
            return element.ValueKind == JsonValueKind.Undefined
                ? throw new JsonException("the answer was empty")
                : element.Deserialize<T>(Json) ?? throw new JsonException("the answer was null");
        }
        catch (JsonException error)
        {
            throw new DriverException($"Fastly's answer has an unexpected shape while {what} (service {settings.ServiceId}): {error.Message}");
        }
    }
}
