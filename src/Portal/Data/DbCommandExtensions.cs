using System.Data;
using System.Data.Common;

namespace PortalRelease.Portal.Data;

/// <summary>Commands written once for both providers: <c>@name</c> parameters of a declared type.</summary>
internal static class DbCommandExtensions
{
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Adds <paramref name="name"/> (with its <c>@</c>) of <paramref name="type"/>: Npgsql must know the type of a NULL
    /// and of a prepared statement's parameters; SQLite takes the same declaration.
    /// </summary>
    public static DbParameter AddParameter(this DbCommand command, string name, DbType type, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
