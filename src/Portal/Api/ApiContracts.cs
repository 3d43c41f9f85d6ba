using System.Text.Json;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

public sealed record CreateReleaseBody(string? Template, string? Version, Dictionary<string, JsonElement>? Parameters, ReleaseMetadataInput? Metadata = null);
