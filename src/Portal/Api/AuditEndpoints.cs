using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Api;

public static class AuditEndpoints
{
    /// <summary>
    /// The export as the Audit page links to it: the same answer as <c>/api/audit/export</c>, for a browser signed in
    /// with its session cookie (which never authenticates <c>/api</c>). A GET that changes nothing, and a page on another
    /// site cannot read its answer, so the cookie riding on it gives a forger nothing.
    /// </summary>
    public const string PageExportPath = "/audit/export";

    /// <summary>Maps <c>/audit</c> under the API group.</summary>
    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder api)
    {
        var audit = api.MapGroup("/audit");
        audit.MapGet("/verify", async (AuditReader reader, CancellationToken ct) => Results.Ok((await reader.VerifyAsync(ct)).ToView()))
            .WithName("VerifyAudit").Produces<AuditVerifyView>();
        audit.MapGet("", ListAsync)
            .WithName("ListAudit").Produces<AuditEntryPageView>().ProducesValidationProblem().Filters().Query("before", "The entry id to page back from (the previous page's 'next').")
            .Query("limit", $"At most this many entries, 1 to {AuditFilterParser.MaxLimit} (default {AuditFilterParser.DefaultLimit}).");
        audit.MapGet("/export", Export)
            .WithName("ExportAudit").Produces<string>(StatusCodes.Status200OK, "text/csv", "application/jsonl").ProducesValidationProblem().Filters()
            .Query("format", "csv or jsonl (required).");
        return api;
    }

    /// <summary>Maps <see cref="PageExportPath"/> for the Audit page's link.</summary>
    public static RouteHandlerBuilder MapAuditPageExport(this IEndpointRouteBuilder app) => app.MapGet(PageExportPath, Export);

    private static async Task<IResult> ListAsync(HttpRequest request, AuditReader reader, CancellationToken ct)
    {
        var input = AuditFilterParser.Parse(request.Query, AuditFilterParser.PageNames);
        if (!input.Ok)
        {
            return Invalid(input.Errors, "The audit query");
        }
        var page = await reader.ListAsync(input.Filter, input.Before, input.Limit, ct);
        return Results.Ok(page.ToView());
    }

    /// <summary>Every entry the filters select, oldest first, as CSV or JSON lines, streamed as it is read.</summary>
    private static async Task<IResult> Export(HttpRequest request, AuditReader reader)
    {
        var input = AuditFilterParser.Parse(request.Query, "format");
        var format = request.Query["format"].ToString();
        var errors = new Dictionary<string, string[]>(input.Errors, StringComparer.Ordinal);
        if (!errors.ContainsKey("format") && !AuditExport.IsFormat(format))
        {
            errors["format"] = [$"'{Excerpt.Of(format)}' is not an export format: use csv or jsonl."];
        }
        if (errors.Count > 0)
        {
            return Invalid(errors, "The audit export");
        }
        // Awaited before the stream starts: a caller who may not read the trail gets a 403, not a broken download.
        var records = await reader.ExportAsync(input.Filter, request.HttpContext.RequestAborted);
        return Results.Stream(
            output => AuditExport.WriteAsync(records, format, output, request.HttpContext.RequestAborted),
            AuditExport.ContentType(format),
            $"audit.{format}");
    }

    /// <summary>The filter parameters of the list and the export, described.</summary>
    private static RouteHandlerBuilder Filters(this RouteHandlerBuilder builder) => builder
        .Query("actor", "Who acted (user id).").Query("action", "The action, e.g. release.create.")
        .Query("resourceKind", "The kind of resource acted on.").Query("resourceId", "The resource's id.")
        .Query("from", "Entries at or after this time (ISO 8601).").Query("to", "Entries before this time (ISO 8601).")
        .Query("outcome", "The outcome, e.g. success or denied.");

    private static IResult Invalid(IReadOnlyDictionary<string, string[]> errors, string what)
    {
        var (name, messages) = errors.First();
        return Problems.Validation(errors.ToDictionary(), $"{what} was not understood: {name}: {messages[0]}");
    }
}
