namespace PortalRelease.Portal.Api.OpenApi;

/// <summary>
/// The API's OpenAPI description, generated from the endpoints themselves (<c>Microsoft.AspNetCore.OpenApi</c>) and
/// served at <see cref="DocumentPath"/>. Only <c>/api</c> is described: the pages, the browser's download links and
/// the sign-in flows are not an API a program should call. A copy is checked in (<c>docs/openapi/v1.json</c>) and a
/// test fails when the served one differs, so every change to the API is seen in review.
/// </summary>
public static class OpenApiServiceExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/{documentName}.json";

    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(DocumentName, options =>
        {
            options.ShouldInclude = description => description.RelativePath is { } path
                && (path == "api" || path.StartsWith("api/", StringComparison.Ordinal));
            options.AddDocumentTransformer<PortalDocumentTransformer>();
            options.AddOperationTransformer<SecurityOperationTransformer>();
            options.AddSchemaTransformer<NumberSchemaTransformer>();
            options.AddSchemaTransformer<IntegerEnumSchemaTransformer>();
            options.AddSchemaTransformer<AllowedValuesSchemaTransformer>();
        });
        services.AddOutputCache();
        return services;
    }

    /// <summary>
    /// Served to anyone: it is the same text as the checked-in copy, and a pipeline author reads it before holding a token.
    /// Built once, then answered from the output cache: building it walks every endpoint (tens of milliseconds of CPU),
    /// which an anonymous caller must not be able to make the portal do on every request. It changes only with the
    /// binaries, so the cache entry lives as long as the process. (Signed-in callers are not served from the cache, by
    /// the cache's default policy; they are accountable.)
    /// One entry whatever the query string or Host header: the cache's default key varies by both, so a caller adding
    /// <c>?x=1</c>, <c>?x=2</c>, … or a new Host each time would make it build (and keep) a document per request.
    /// </summary>
    public static IEndpointRouteBuilder MapPortalOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi(DocumentPath).AllowAnonymous().CacheOutput(policy => policy.Expire(TimeSpan.FromDays(365)).SetVaryByHost(false).SetVaryByQuery([]));
        return app;
    }
}
