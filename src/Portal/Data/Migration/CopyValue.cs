using System.Globalization;
using NpgsqlTypes;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// Turns a value as SQLite stored it (long, double, string or byte[]: SQLite types values, not columns) into what the
/// target column holds. Only conversions that lose nothing: text stays the exact stored text (the hash chains hash it),
/// and a value of another kind than its column is refused with its table, column and row, never coerced.
/// </summary>
internal static class CopyValue
{
    public static object Convert(object value, TargetColumn column, string table, long row) => (value, column.CopyType) switch
    {
        (long v, NpgsqlDbType.Bigint) => v,
        (long v, NpgsqlDbType.Integer) when v is >= int.MinValue and <= int.MaxValue => (int)v,
        (long v, NpgsqlDbType.Smallint) when v is >= short.MinValue and <= short.MaxValue => (short)v,
        (long v, NpgsqlDbType.Boolean) when v is 0 or 1 => v == 1,
        (long v, NpgsqlDbType.Double) when (long)(double)v == v => (double)v,
        (long v, NpgsqlDbType.Numeric) => (decimal)v,
        (double v, NpgsqlDbType.Double) => v,
        (string v, NpgsqlDbType.Text or NpgsqlDbType.Varchar or NpgsqlDbType.Jsonb) => v,
        (byte[] v, NpgsqlDbType.Bytea) => v,
        _ => throw new StoreMigrationException(StoreMigrationExit.Failed,
            $"{table}.{column.Name}, row {row.ToString(CultureInfo.InvariantCulture)} of the source: SQLite holds {Describe(value)}, "
            + $"which the target's {column.DataType} column cannot take without changing it."),
    };

    // The kind and, for numbers, the value; never text or bytes, which may be secrets or personal data.
    private static string Describe(object value) => value switch
    {
        long v => $"the integer {v.ToString(CultureInfo.InvariantCulture)}",
        double v => $"the real {v.ToString(CultureInfo.InvariantCulture)}",
        string v => $"text ({v.Length} characters)",
        byte[] v => $"a blob ({v.Length} bytes)",
        _ => value.GetType().Name,
    };
}
