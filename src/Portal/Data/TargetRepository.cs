using Dapper;

namespace PortalRelease.Portal.Data;

public sealed class TargetRepository(SqliteConnectionFactory connections)
{
    private sealed record Row(string Name, string Kind, string Settings, string CreatedAt)
    {
        public TargetRecord ToRecord() => new(Name, Kind, Settings, DbTime.Parse(CreatedAt));
    }

    private const string Columns = "name AS Name, kind AS Kind, settings AS Settings, created_at AS CreatedAt";

    public async Task<IReadOnlyList<TargetRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM targets ORDER BY name");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    public async Task<TargetRecord?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM targets WHERE name = @name", new { name });
        return row?.ToRecord();
    }

    /// <summary>Adds the target unless one with the same name exists; returns whether it was added.</summary>
    public async Task<bool> AddAsync(TargetRecord target, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var added = await connection.ExecuteAsync(
            "INSERT INTO targets (name, kind, settings, created_at) VALUES (@Name, @Kind, @Settings, @CreatedAt) ON CONFLICT (name) DO NOTHING",
            new { target.Name, target.Kind, target.Settings, CreatedAt = DbTime.Format(target.CreatedAt) });
        return added == 1;
    }
}
