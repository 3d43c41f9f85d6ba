using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// A contract keeps some closed sets of names as plain strings (a plugin's status), so a value added later never breaks
/// an older client's reader. Marked with <see cref="AllowedValuesAttribute"/>, the description still lists the values
/// that may come today.
/// </summary>
internal sealed class AllowedValuesSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var allowed = context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(AllowedValuesAttribute), inherit: false)
            .OfType<AllowedValuesAttribute>().FirstOrDefault();
        if (allowed is not null && schema.Enum is not { Count: > 0 })
        {
            schema.Enum = allowed.Values.OfType<string>().Select(v => (JsonNode)JsonValue.Create(v)).ToList();
        }
        return Task.CompletedTask;
    }
}
