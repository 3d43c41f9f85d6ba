using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Audit;

/// <summary>Audit entries as CSV (RFC 4180, one row each, details as JSON text) or JSON lines.</summary>
public static class AuditExport
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Csv(IEnumerable<AuditRecord> records)
    {
        var text = new StringBuilder("id,at,actor_id,actor_name,auth_method,address,action,resource_kind,resource_id,outcome,details\r\n");
        foreach (var r in records)
        {
            string[] fields = [r.Id.ToString(CultureInfo.InvariantCulture), r.At.ToString("O", CultureInfo.InvariantCulture), r.ActorId, r.ActorName, r.AuthMethod,
                r.Address ?? "", r.Action, r.ResourceKind, r.ResourceId, r.Outcome, r.Details.GetRawText()];
            text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
        }
        return text.ToString();
    }

    public static string JsonLines(IEnumerable<AuditRecord> records)
    {
        var text = new StringBuilder();
        foreach (var r in records)
        {
            text.Append(JsonSerializer.Serialize(r, Json)).Append('\n');
        }
        return text.ToString();
    }

    // A field a spreadsheet would run as a formula (=, +, -, @) is prefixed with ' so opening the export runs nothing.
    private static string Quote(string field)
    {
        if (field.Length > 0 && field[0] is '=' or '+' or '-' or '@')
        {
            field = "'" + field;
        }
        return "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
