namespace PortalRelease.Portal.Data;

/// <summary>Which database holds the portal's records: the embedded SQLite file (one node) or PostgreSQL (one or many nodes).</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Portal:Storage</c> section of appsettings.json.</summary>
public sealed class StorageOptions
{
    public const string Section = "Portal:Storage";

    /// <summary><c>Sqlite</c> (the default: a file under <c>Portal:DataDirectory</c>) or <c>Postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// PostgreSQL only: an Npgsql connection string, e.g. <c>Host=db;Database=portal;Username=portal;Password=…</c>.
    /// Ignored for SQLite, whose file is <c>portal.db</c> in the data directory.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The configured provider, read where services are registered (before options can be resolved).</summary>
    public static StorageProvider ProviderOf(IConfiguration configuration) =>
        configuration.GetSection(Section).GetValue<StorageProvider?>(nameof(Provider)) ?? StorageProvider.Sqlite;
}
