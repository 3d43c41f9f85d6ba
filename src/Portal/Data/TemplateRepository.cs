using Dapper;

namespace PortalRelease.Portal.Data;

public sealed class TemplateRepository(PortalDatabase connections)
{
    private sealed record Row(string Name, long Version, string? Description, string Yaml, string CreatedAt, string CreatedBy)
    {
        public TemplateRecord ToRecord() => new(Name, Version, Description, Yaml, DbTime.Parse(CreatedAt), CreatedBy);
    }

    private const string Columns = "name AS Name, version AS Version, description AS Description, yaml AS Yaml, created_at AS CreatedAt, created_by AS CreatedBy";

    /// <summary>The newest version of every template, by name.</summary>
    public async Task<IReadOnlyList<TemplateRecord>> ListLatestAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM templates t WHERE version = (SELECT MAX(version) FROM templates WHERE name = t.name) ORDER BY name");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<TemplateRecord?> GetLatestAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM templates WHERE name = @name ORDER BY version DESC LIMIT 1", new { name });
        return row?.ToRecord();
    }

    public async Task<IReadOnlyList<TemplateRecord>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            $"SELECT {Columns} FROM templates WHERE name = @name ORDER BY version DESC", new { name });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Saves the YAML as the next version of the template, unless it is identical to the newest version.
    /// Returns the version that now holds this YAML and whether it was created.
    /// </summary>
    public async Task<(TemplateRecord Record, bool Created)> SaveAsync(string name, string? description, string yaml, string createdBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // Excludes every other save of any template, on every node, from reading the newest version to committing the
        // next: two imports at once must not both take the same number (a unique violation on PostgreSQL, a busy
        // snapshot on SQLite's deferred transaction).
        await using var transaction = await connections.BeginWriteAsync(connection, WriteScope.Templates, cancellationToken);
        var latest = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM templates WHERE name = @name ORDER BY version DESC LIMIT 1", new { name }, transaction);
        if (latest is not null && latest.Yaml == yaml)
        {
            return (latest.ToRecord(), false);
        }
        var record = new TemplateRecord(name, (latest?.Version ?? 0) + 1, description, yaml, at, createdBy);
        await connection.ExecuteAsync(
            "INSERT INTO templates (name, version, description, yaml, created_at, created_by) VALUES (@Name, @Version, @Description, @Yaml, @CreatedAt, @CreatedBy)",
            new { record.Name, record.Version, record.Description, record.Yaml, CreatedAt = DbTime.Format(at), record.CreatedBy },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return (record, true);
    }

    public async Task<TemplateRecord?> GetAsync(string name, long version, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM templates WHERE name = @name AND version = @version", new { name, version });
        return row?.ToRecord();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM templates") > 0;
    }
}
