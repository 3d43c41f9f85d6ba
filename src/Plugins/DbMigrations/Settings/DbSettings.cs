namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>A db-migrations target's settings, read and checked.</summary>
internal sealed record DbSettings
{
    public static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromSeconds(5);

    public required DbProvider Provider { get; init; }

    /// <summary>
    /// The connection string the driver opens, rebuilt from the checked parts of the one the user gave (a resolved file
    /// inside the operator's root, or one allowed host); a secret (it may hold a password): never put it in a message.
    /// </summary>
    public required string ConnectionString { get; init; }

    /// <summary>The directory of version folders, as the policy resolved it (absolute, links followed).</summary>
    public required string MigrationsPath { get; init; }

    /// <summary>How long one statement may wait for a lock on the database before the apply gives up and changes nothing.</summary>
    public TimeSpan LockTimeout { get; init; } = DefaultLockTimeout;

    public string ProviderName => Provider == DbProvider.Sqlite ? "sqlite" : "postgresql";
}
