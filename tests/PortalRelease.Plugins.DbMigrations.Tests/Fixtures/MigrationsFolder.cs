namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>A temporary migrations directory the test writes version folders into; deleted on dispose.</summary>
public sealed class MigrationsFolder : IDisposable
{
    /// <param name="parent">The folder to create it in (e.g. the policy's root); a new temporary folder when null.</param>
    public MigrationsFolder(string? parent = null)
    {
        Path = parent is null
            ? Directory.CreateTempSubdirectory("dbmig-migrations-").FullName
            : Directory.CreateDirectory(System.IO.Path.Combine(parent, "migrations-" + Guid.NewGuid().ToString("N")[..8])).FullName;
    }

    public string Path { get; }

    /// <summary>Writes <c>{version}/{file}</c>; returns its full path.</summary>
    public string Write(string version, string file, string sql)
    {
        var folder = System.IO.Path.Combine(Path, version);
        Directory.CreateDirectory(folder);
        var path = System.IO.Path.Combine(folder, file);
        File.WriteAllText(path, sql);
        return path;
    }

    /// <summary>
    /// The running example of the docs: 1.0.0 creates users; 1.1.0 adds email (expand, with a down script), copies the
    /// name into display_name (expand, no down script) and drops the old name column (contract).
    /// </summary>
    public MigrationsFolder WithSample()
    {
        Write("1.0.0", "0001_create_users.expand.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\nINSERT INTO users (id, name) VALUES (1, 'ada');\n");
        Write("1.1.0", "0001_add_email.expand.sql", "-- the new version writes email; the old one ignores it\nALTER TABLE users ADD COLUMN email TEXT;\n");
        Write("1.1.0", "0001_add_email.down.sql", "ALTER TABLE users DROP COLUMN email;\n");
        Write("1.1.0", "0002_add_display_name.expand.sql", "ALTER TABLE users ADD COLUMN display_name TEXT;\nUPDATE users SET display_name = name;\n");
        Write("1.1.0", "0001_drop_name.contract.sql", "ALTER TABLE users DROP COLUMN name;\n");
        return this;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
