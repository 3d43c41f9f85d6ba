using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// Every operation needs a token unless its endpoint allows anonymous callers; those say so with an empty requirement.
/// Authenticated operations also state their 401 and 403 answers, which no handler returns itself.
/// </summary>
internal sealed class SecurityOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var anonymous = context.Description.ActionDescriptor.EndpointMetadata.OfType<IAllowAnonymous>().Any();
        if (anonymous)
        {
            operation.Security = [];
            return Task.CompletedTask;
        }
        var document = context.Document;
        operation.Security =
        [
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PortalDocumentTransformer.BearerScheme, document)] = [] },
            new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(PortalDocumentTransformer.BasicScheme, document)] = [] },
        ];
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No token, or one that is unknown, expired or revoked." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's holder may not do this." });
        return Task.CompletedTask;
    }
}
