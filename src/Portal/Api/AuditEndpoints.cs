using System.Globalization;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Api;

public static class AuditEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapAuditEndpoints(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/audit");
        audit.MapGet("/verify", async (AuditVerifier verifier, CancellationToken ct) => Results.Ok(await verifier.VerifyAsync(ct)));
        audit.MapGet("", ListAsync);
        audit.MapGet("/export", ExportAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(
        AuditLog log, string? actor, string? action, string? resource, string? from, string? to, string? limit, string? before, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = new AuditQuery(
            actor, action, resource,
            Time(from, "from", errors), Time(to, "to", errors),
            before is null ? null : Number(before, "before", 1, long.MaxValue, errors),
            (int)(limit is null ? 100 : Number(limit, "limit", 1, MaxLimit, errors) ?? 100));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, $"The audit query was not understood: {errors.First().Key}: {errors.First().Value[0]}");
        }
        var records = await log.QueryAsync(query, ct);
        return Results.Ok(new { entries = records, next = records.Count == query.Limit ? records[^1].Id : (long?)null });
    }

    /// <summary>Every entry the filters select, oldest first, as CSV or JSON lines, read in pages so memory stays flat.</summary>
    private static async Task<IResult> ExportAsync(
        HttpContext context, AuditLog log, string? format, string? actor, string? action, string? resource, string? from, string? to, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (format is not ("csv" or "jsonl"))
        {
            errors["format"] = [$"'{Excerpt.Of(format)}' is not an export format: use csv or jsonl."];
        }
        var (fromTime, toTime) = (Time(from, "from", errors), Time(to, "to", errors));
        if (errors.Count > 0)
        {
            return Problems.Validation(errors, $"The audit export was not understood: {errors.First().Key}: {errors.First().Value[0]}");
        }
        var pages = new List<IReadOnlyList<AuditRecord>>();
        for (long? before = null; ;)
        {
            var page = await log.QueryAsync(new AuditQuery(actor, action, resource, fromTime, toTime, before, MaxLimit), ct);
            if (page.Count > 0)
            {
                pages.Add(page);
                before = page[^1].Id;
            }
            if (page.Count < MaxLimit)
            {
                break;
            }
        }
        var records = pages.SelectMany(p => p).Reverse();
        var text = format == "csv" ? AuditExport.Csv(records) : AuditExport.JsonLines(records);
        return Results.File(System.Text.Encoding.UTF8.GetBytes(text), format == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8", $"audit.{format}");
    }

    private static DateTimeOffset? Time(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value;
        }
        errors[name] = [$"'{Excerpt.Of(text)}' is not a date and time; use ISO 8601, e.g. 2026-12-06T21:00:00Z."];
        return null;
    }

    private static long? Number(string text, string name, long min, long max, Dictionary<string, string[]> errors)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        errors[name] = [$"'{Excerpt.Of(text)}' is not a whole number from {min} to {max}."];
        return null;
    }
}
