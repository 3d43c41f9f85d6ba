using NpgsqlTypes;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>A column of the PostgreSQL target, with the type its copied values must take.</summary>
internal sealed record TargetColumn(string Name, string DataType)
{
    /// <summary>The type the binary COPY writes, or null for a type the portal's schema never uses (refused before copying).</summary>
    public NpgsqlDbType? CopyType => DataType switch
    {
        "smallint" => NpgsqlDbType.Smallint,
        "integer" => NpgsqlDbType.Integer,
        "bigint" => NpgsqlDbType.Bigint,
        "boolean" => NpgsqlDbType.Boolean,
        "double precision" => NpgsqlDbType.Double,
        "numeric" => NpgsqlDbType.Numeric,
        "text" => NpgsqlDbType.Text,
        "character varying" => NpgsqlDbType.Varchar,
        "jsonb" => NpgsqlDbType.Jsonb,
        "bytea" => NpgsqlDbType.Bytea,
        _ => null,
    };
}
