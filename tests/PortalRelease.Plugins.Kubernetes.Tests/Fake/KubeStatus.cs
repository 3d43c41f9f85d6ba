using System.Text.Json.Nodes;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

/// <summary>The <c>Status</c> objects the API server answers errors with (meta/v1 Status).</summary>
internal static class KubeStatus
{
    public static JsonObject Failure(int code, string reason, string message, string kind, string? name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["details"] = new JsonObject { ["name"] = name, ["kind"] = kind },
        ["code"] = code,
    };

    public static JsonObject Success(string kind, string name) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["kind"] = kind },
    };

    public static JsonObject Conflict(string kind, string name) => Failure(409, "Conflict",
        $"Operation cannot be fulfilled on {kind} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", kind, name);

    public static JsonObject NotFound(string kind, string name) => Failure(404, "NotFound", $"{kind} \"{name}\" not found", kind, name);
}
