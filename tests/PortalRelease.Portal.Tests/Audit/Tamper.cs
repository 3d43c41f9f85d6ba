using Dapper;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>An attacker with the database file: a raw connection of its own, the append-only triggers dropped.</summary>
internal static class Tamper
{
    public static async Task RunAsync(string databaseFile, string sql, object? parameters = null)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync(
            """
            DROP TRIGGER IF EXISTS journal_no_update; DROP TRIGGER IF EXISTS journal_no_delete; DROP TRIGGER IF EXISTS journal_no_replace;
            DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; DROP TRIGGER IF EXISTS audit_log_no_replace;
            """);
        await connection.ExecuteAsync(sql, parameters);
    }

    /// <summary>Moves row <paramref name="first"/> to <paramref name="first"/>+1 and back: two rows swapped in order, each intact.</summary>
    public static Task SwapAsync(string databaseFile, string table, long first) => RunAsync(databaseFile,
        $"""
        CREATE TEMP TABLE moved AS SELECT * FROM {table} WHERE id IN (@first, @first + 1);
        DELETE FROM {table} WHERE id IN (@first, @first + 1);
        UPDATE moved SET id = CASE id WHEN @first THEN @first + 1 ELSE @first END;
        INSERT INTO {table} SELECT * FROM moved;
        """,
        new { first });
}
