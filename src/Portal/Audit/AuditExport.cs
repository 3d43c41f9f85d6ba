using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Audit;

/// <summary>Audit entries written as they are read: CSV (RFC 4180, one row each, details as JSON text) or JSON lines.</summary>
public static class AuditExport
{
    public const string CsvHeader = "id,at,actor_id,actor_name,auth_method,address,action,resource_kind,resource_id,outcome,details";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static bool IsFormat(string? format) => format is "csv" or "jsonl";

    public static string ContentType(string format) => format == "csv" ? "text/csv; charset=utf-8" : "application/jsonl; charset=utf-8";

    public static async Task WriteAsync(IAsyncEnumerable<AuditRecord> records, string format, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), bufferSize: 64 * 1024, leaveOpen: true);
        if (format == "csv")
        {
            await writer.WriteAsync(CsvHeader + "\r\n");
        }
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            await writer.WriteAsync(format == "csv" ? CsvRow(record) : JsonLine(record));
        }
        await writer.FlushAsync(cancellationToken);
    }

    public static string CsvRow(AuditRecord r)
    {
        string[] fields = [r.Id.ToString(CultureInfo.InvariantCulture), r.At.ToString("O", CultureInfo.InvariantCulture), r.ActorId, r.ActorName, r.AuthMethod,
            r.Address ?? "", r.Action, r.ResourceKind, r.ResourceId, r.Outcome, r.Details.GetRawText()];
        return string.Join(',', fields.Select(Quote)) + "\r\n";
    }

    public static string JsonLine(AuditRecord record) => JsonSerializer.Serialize(record, Json) + "\n";

    // Every field is quoted (commas, quotes and line breaks stay inside it). A field a spreadsheet would read as a
    // formula (=, +, -, @, or a tab or carriage return before one) is prefixed with ' so opening the export runs nothing.
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            field = "'" + field;
        }
        return "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
