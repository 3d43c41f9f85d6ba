using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// Numbers are numbers. The web JSON defaults also read a number written as a string, so the generator types every
/// number as "integer or string" with a digits pattern; the portal never writes one as a string, and a client generated
/// from that type would have to handle both. The description states what is sent: an integer or a number.
/// </summary>
internal sealed class NumberSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (schema.Type is { } type && (type & (JsonSchemaType.Integer | JsonSchemaType.Number)) != 0 && (type & JsonSchemaType.String) != 0)
        {
            schema.Type = type & ~JsonSchemaType.String;
            schema.Pattern = null;
        }
        return Task.CompletedTask;
    }
}
