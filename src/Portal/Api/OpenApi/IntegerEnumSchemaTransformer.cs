using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// A few enums go on the wire as their numbers (a stage's strategy, a rollback scope, …: changing them to names would
/// break clients). The generator types those as a bare integer; this lists the numbers that may come and says in
/// the description which name each stands for, so a client can be written against them.
/// </summary>
internal sealed class IntegerEnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (!type.IsEnum || schema.Type is not { } schemaType || (schemaType & JsonSchemaType.Integer) == 0 || schema.Enum is { Count: > 0 })
        {
            return Task.CompletedTask;
        }
        var values = Enum.GetValues(type).Cast<object>().Select(v => (Number: Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture), Name: v.ToString()!)).ToList();
        schema.Enum = values.Select(v => (JsonNode)JsonValue.Create(v.Number)).ToList();
        var legend = string.Join(", ", values.Select(v => $"{v.Number} = {v.Name}"));
        schema.Description = string.IsNullOrEmpty(schema.Description) ? legend : $"{schema.Description}\n\n{legend}";
        return Task.CompletedTask;
    }
}
