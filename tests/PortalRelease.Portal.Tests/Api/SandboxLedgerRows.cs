using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// The Sandbox ledger of a target as the portal keeps it: the plugin's entries <c>ledger/&lt;target&gt;/&lt;index&gt;</c> in
/// the <c>plugin_state</c> table (plugin id <c>sandbox</c>), read straight from the database, SQLite or PostgreSQL alike,
/// so a test sees what every node appended. On PostgreSQL (a cluster's nodes), pass an open <c>NpgsqlConnection</c> to the
/// test's database: <c>SandboxLedgerRows.Lines(connection, target)</c>.
/// </summary>
internal static class SandboxLedgerRows
{
    /// <summary>Every entry of a target's ledger, in order: key, action, release and outcome (<c>applied</c> or <c>duplicate</c>).</summary>
    public static IReadOnlyList<LedgerLine> Lines(DbConnection connection, string target) =>
        [.. Read(connection, target).Select(e => new LedgerLine(e.GetProperty("key").GetString()!, e.GetProperty("action").GetString()!, e.GetProperty("releaseId").GetString()!, e.GetProperty("outcome").GetString()!))];

    /// <summary>Every entry of a target's ledger as the JSON the Sandbox wrote, in order.</summary>
    public static IReadOnlyList<JsonElement> Read(DbConnection connection, string target)
    {
        using var command = connection.CreateCommand();
        // A key range, as the host lists it: every key with the prefix sorts below prefix + U+10FFFF (by UTF-8 bytes).
        command.CommandText = "SELECT value FROM plugin_state WHERE plugin = 'sandbox' AND key >= @prefix AND key < @end ORDER BY key";
        var prefix = "ledger/" + target + "/";
        Add(command, "prefix", prefix);
        Add(command, "end", prefix + "\U0010FFFF");
        var entries = new List<JsonElement>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString((byte[])reader.GetValue(0)));
            entries.Add(json.RootElement.Clone());
        }
        return entries;
    }

    private static void Add(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
