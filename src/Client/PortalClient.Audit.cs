using System.Globalization;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/audit/verify</c>: checks every hash-chained table and the signed anchors; a broken chain is a result, not an exception.</summary>
    public async Task<AuditVerifyView> VerifyAuditAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/audit/verify");
        return await SendAsync<AuditVerifyView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/audit</c>: one page of the entries <paramref name="query"/> selects, newest first. Page back with
    /// <paramref name="before"/> = the previous page's <see cref="AuditEntryPageView.Next"/>. A filter the portal cannot
    /// read is a 400 whose <see cref="PortalApiException.FieldErrors"/> name it.
    /// </summary>
    public async Task<AuditEntryPageView> ListAuditAsync(AuditQuery? query = null, long? before = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/audit", [.. AuditFilters(query),
            ("before", before?.ToString(CultureInfo.InvariantCulture)), ("limit", limit?.ToString(CultureInfo.InvariantCulture))]));
        return await SendAsync<AuditEntryPageView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/audit/export</c>: every entry <paramref name="query"/> selects, oldest first, as <c>csv</c> or
    /// <c>jsonl</c> (<paramref name="format"/>). A stream, not a string: the portal streams the whole trail as it reads
    /// it, which may be far larger than anything worth holding in memory; dispose it when done.
    /// </summary>
    public async Task<Stream> ExportAuditAsync(string format, AuditQuery? query = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/audit/export", [.. AuditFilters(query), ("format", format)]));
        message.Headers.Accept.Clear();
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ErrorAsync(message, response, cancellationToken);
            }
        }
        // The stream owns the response from here: disposing it releases the connection.
        return await response.Content.ReadAsStreamAsync(cancellationToken);
    }

    private static (string Name, string? Value)[] AuditFilters(AuditQuery? query) => query is null ? [] :
    [
        ("actor", query.Actor),
        ("action", query.Action),
        ("resourceKind", query.ResourceKind),
        ("resourceId", query.ResourceId),
        ("from", query.From?.ToString("O", CultureInfo.InvariantCulture)),
        ("to", query.To?.ToString("O", CultureInfo.InvariantCulture)),
        ("outcome", query.Outcome),
    ];
}
