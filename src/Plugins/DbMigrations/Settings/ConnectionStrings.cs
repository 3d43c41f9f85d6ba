using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>
/// Turns the connection string a user gave into the one the driver opens, rebuilt from checked parts only: a SQLite file
/// the operator's policy resolves inside the kind's root, or one PostgreSQL host the policy allows. Every keyword that
/// could reach elsewhere (a host list, a socket folder, a password file, a certificate path, server options) is refused
/// rather than dropped, so the user learns why. Messages name keywords, never values: the string holds the password.
/// </summary>
internal static class ConnectionStrings
{
    private static readonly string[] SqliteKeywords = ["Data Source", "Pooling"];

    private static readonly string[] SqliteSynonyms = ["DataSource", "Filename"];

    private static readonly string[] PostgresKeywords =
        ["Host", "Port", "Database", "Username", "Password", "SSL Mode", "Timeout", "Command Timeout", "Pooling", "Application Name"];

    private static readonly string[] PostgresSynonyms = ["Server", "DB", "User Name", "User Id", "UserId", "User", "PSW", "PWD"];

    private const int DefaultPostgresPort = 5432;

    /// <summary>The SQLite connection string to open, or null with the reason in <paramref name="error"/>.</summary>
    public static string? Sqlite(string given, IHostPolicy policy, out string? error)
    {
        if (Unsupported(given, SqliteKeywords, SqliteSynonyms, "SQLite") is { } unsupported)
        {
            error = unsupported;
            return null;
        }

        var builder = new SqliteConnectionStringBuilder(given);
        var source = builder.DataSource;
        if (string.IsNullOrWhiteSpace(source))
        {
            error = "A SQLite connection string needs a Data Source (the database file), e.g. Data Source=app.db inside the folder the operator allows.";
            return null;
        }

        // A URI filename could name a VFS or open options; an in-memory database has nothing to migrate.
        if (source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || source.StartsWith(':'))
        {
            error = "The Data Source must be a file path (not a file: URI or an in-memory database).";
            return null;
        }

        if (policy.ResolvePath(DbMigrationsPlugin.Kind, source, out var fullPath) is { } refused)
        {
            error = $"The Data Source is refused: {refused}";
            return null;
        }

        error = null;
        return new SqliteConnectionStringBuilder { DataSource = fullPath, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = builder.Pooling }.ToString();
    }

    /// <summary>The PostgreSQL connection string to open, or null with the reason in <paramref name="error"/>.</summary>
    public static string? Postgres(string given, IHostPolicy policy, out string? error)
    {
        if (Unsupported(given, PostgresKeywords, PostgresSynonyms, "PostgreSQL") is { } unsupported)
        {
            error = unsupported;
            return null;
        }

        var builder = new NpgsqlConnectionStringBuilder(given);
        var host = builder.Host?.Trim() ?? "";
        error = HostProblem(host);
        if (error is not null)
        {
            return null;
        }

        var port = builder.Port > 0 ? builder.Port : DefaultPostgresPort;
        if (policy.CheckEndpoint(DbMigrationsPlugin.Kind, new UriBuilder("postgres", host, port).Uri) is { } refused)
        {
            error = $"The Host is refused: {refused}";
            return null;
        }

        var safe = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Database = builder.Database,
            Username = builder.Username,
            Password = builder.Password,
            SslMode = builder.SslMode,
            Timeout = builder.Timeout,
            CommandTimeout = builder.CommandTimeout,
            Pooling = builder.Pooling,
            ApplicationName = builder.ApplicationName,
        };
        return safe.ConnectionString;
    }

    /// <summary>Npgsql reads a Host as a list (a,b), a per-host port (a:5433), a unix-socket folder (/run/…) or an abstract socket (@…).</summary>
    private static string? HostProblem(string host)
    {
        if (host.Length == 0)
        {
            return "A PostgreSQL connection string needs a Host, e.g. Host=db;Database=app;Username=migrator;Password=…";
        }

        if (host.Contains(',', StringComparison.Ordinal))
        {
            return "The Host must name one host: a list of hosts is not supported, so each one is checked against the operator's allowlist.";
        }

        if (host.StartsWith('/') || host.StartsWith('@') || host.Contains('\\', StringComparison.Ordinal))
        {
            return "The Host must be a network host name or IP address: unix-socket paths are not allowed.";
        }

        return Uri.CheckHostName(host.Trim('[', ']')) is UriHostNameType.Dns or UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? null
            : "The Host must be a host name or IP address (give the port in Port, not in Host).";
    }

    /// <summary>The keywords given beyond the allowed ones (spaces and case aside), read with the generic parser so every one is seen.</summary>
    private static string? Unsupported(string given, string[] allowed, string[] synonyms, string what)
    {
        var known = allowed.Concat(synonyms).Select(Normal).ToHashSet(StringComparer.Ordinal);
        var extra = new DbConnectionStringBuilder { ConnectionString = given }.Keys.Cast<string>()
            .Where(k => !known.Contains(Normal(k)))
            .ToList();
        return extra.Count == 0
            ? null
            : $"Not supported in a {what} connection string here: {string.Join(", ", extra)}; allowed: {string.Join(", ", allowed)}.";
    }

    private static string Normal(string keyword) => keyword.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
}
