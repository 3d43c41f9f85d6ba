namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// The exit codes of <c>migrate-store</c>, a contract scripts rely on (docs/deploy.md): never renumber one.
/// </summary>
public enum StoreMigrationExit
{
    /// <summary>Every table copied, and the copy verified.</summary>
    Verified = 0,

    /// <summary>
    /// The copy failed (rolled back: the target holds the schema and no rows) or it did not verify (the target is left
    /// as it is, for inspection); the message says what differs.
    /// </summary>
    Failed = 1,

    /// <summary>Bad input: the arguments, the connection string, the source, or a target that already holds data. Nothing was copied.</summary>
    BadInput = 2,

    /// <summary>The target database cannot be reached, or refuses the role.</summary>
    Unreachable = 3,
}

/// <summary>Stops <c>migrate-store</c> with an exit code and a message for the operator (never a password).</summary>
public sealed class StoreMigrationException(StoreMigrationExit exit, string message, Exception? inner = null) : Exception(message, inner)
{
    public StoreMigrationExit Exit { get; } = exit;
}
