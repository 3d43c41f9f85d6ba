using Dapper;

namespace PortalRelease.Portal.Data;

public sealed class TargetRepository(PortalDatabase connections)
{
    private sealed record Row(string Name, string Kind, string Settings, string CreatedAt, string? Secrets, string? UpdatedAt, string? Environment, string? Team)
    {
        public TargetRecord ToRecord() =>
            new(Name, Kind, Settings, DbTime.Parse(CreatedAt), Secrets, UpdatedAt is null ? null : DbTime.Parse(UpdatedAt)) { Environment = Environment, Team = Team };
    }

    private const string Columns =
        "name AS Name, kind AS Kind, settings AS Settings, created_at AS CreatedAt, secrets AS Secrets, updated_at AS UpdatedAt, environment AS Environment, team AS Team";

    public async Task<IReadOnlyList<TargetRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM targets ORDER BY name");
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Every target's name, and nothing else: what compiling a plan checks names against. Starting a release reads only
    /// these and the rows of the targets its plan names (<see cref="GetManyAsync"/>), not every target's settings.
    /// </summary>
    public async Task<IReadOnlySet<string>> ListNamesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var names = await connection.QueryAsync<string>(new CommandDefinition("SELECT name FROM targets", cancellationToken: cancellationToken));
        return names.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The targets among <paramref name="names"/> that exist, by name.</summary>
    public async Task<IReadOnlyDictionary<string, TargetRecord>> GetManyAsync(IEnumerable<string> names, CancellationToken cancellationToken = default)
    {
        var distinct = names.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return new Dictionary<string, TargetRecord>(StringComparer.Ordinal);
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM targets WHERE name IN {SqlList.Of(parameters, "name", distinct)}", parameters, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToRecord()).ToDictionary(t => t.Name, StringComparer.Ordinal);
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
            """
            INSERT INTO targets (name, kind, settings, created_at, secrets, updated_at, environment, team)
            VALUES (@Name, @Kind, @Settings, @CreatedAt, @Secrets, @UpdatedAt, @Environment, @Team)
            ON CONFLICT (name) DO NOTHING
            """,
            Parameters(target));
        return added == 1;
    }

    /// <summary>Replaces the kind, settings, secrets and labels of an existing target; returns whether it existed.</summary>
    public async Task<bool> UpdateAsync(TargetRecord target, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            """
            UPDATE targets SET kind = @Kind, settings = @Settings, secrets = @Secrets, updated_at = @UpdatedAt,
              environment = @Environment, team = @Team
            WHERE name = @Name
            """,
            Parameters(target));
        return updated == 1;
    }

    /// <summary>Removes the target; returns whether it existed.</summary>
    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("DELETE FROM targets WHERE name = @name", new { name }) == 1;
    }

    private static object Parameters(TargetRecord target) => new
    {
        target.Name,
        target.Kind,
        target.Settings,
        CreatedAt = DbTime.Format(target.CreatedAt),
        target.Secrets,
        UpdatedAt = target.UpdatedAt is { } updated ? DbTime.Format(updated) : null,
        target.Environment,
        target.Team,
    };
}
