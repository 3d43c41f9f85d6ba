namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// Short forms for what an endpoint tells the OpenAPI description. Handlers read their bodies themselves (through
/// <see cref="ApiJson"/>, for errors that name the line and field), so the body a handler takes is declared here.
/// </summary>
internal static class EndpointDescriptions
{
    /// <summary>The <c>application/problem+json</c> answers the operation gives besides its success.</summary>
    public static RouteHandlerBuilder ProducesProblems(this RouteHandlerBuilder builder, params int[] statusCodes)
    {
        foreach (var status in statusCodes)
        {
            builder.ProducesProblem(status);
        }
        return builder;
    }

    /// <summary>The operation takes a JSON body of <typeparamref name="T"/>; <paramref name="optional"/> when it may be left out.</summary>
    public static RouteHandlerBuilder JsonBody<T>(this RouteHandlerBuilder builder, bool optional = false) where T : notnull =>
        builder.Accepts<T>(optional, "application/json");

    /// <summary>The operation reads an optional request header (a handler reading it from the request is not seen otherwise).</summary>
    public static RouteHandlerBuilder Header(this RouteHandlerBuilder builder, string name, string description) =>
        builder.Parameter(Microsoft.OpenApi.ParameterLocation.Header, name, description);

    /// <summary>The operation reads an optional query parameter itself (to judge it with its own message).</summary>
    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, string name, string description) =>
        builder.Parameter(Microsoft.OpenApi.ParameterLocation.Query, name, description);

    private static RouteHandlerBuilder Parameter(this RouteHandlerBuilder builder, Microsoft.OpenApi.ParameterLocation where, string name, string description) =>
        builder.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new Microsoft.OpenApi.OpenApiParameter
            {
                Name = name,
                In = where,
                Description = description,
                Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
            });
            return Task.CompletedTask;
        });
}
