using System.Data.Common;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// The Sandbox ledger of a target as the portal keeps it: the plugin's entries <c>ledger/&lt;target&gt;/&lt;index&gt;</c> in
/// the <c>plugin_state</c> table (plugin id <c>sandbox</c>), read straight from the database, SQLite or PostgreSQL alike,
/// so a test sees what every node appended.
/// </summary>
internal static class SandboxLedgerRows
{
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
