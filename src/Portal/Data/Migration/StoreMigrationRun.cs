using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Data.Sqlite;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// One run of <c>migrate-store</c>: the portal's own configuration and services (built, never started) with the target
/// as its storage, the checks before anything is written, and every failure turned into an exit code and a message
/// that never holds the password.
/// </summary>
internal static class StoreMigrationRun
{
    public static async Task<int> RunAsync(string connectionString, IReadOnlyList<string> settings, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var password = TryPassword(connectionString);
        try
        {
            var problems = StorageOptionsValidator.ConnectionStringErrors(connectionString, "The connection string").ToList();
            if (problems.Count > 0)
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput, string.Join(" ", problems));
            }
            await using var app = Build(connectionString, settings);
            var paths = app.Services.GetRequiredService<PortalPaths>();
            if (!File.Exists(paths.DatabaseFile))
            {
                throw new StoreMigrationException(StoreMigrationExit.BadInput,
                    $"No portal database at {paths.DatabaseFile}: set Portal:DataDirectory to the data folder of the portal to copy.");
            }
            var keys = ReadKeyRing(app.Services, paths);
            var target = (PostgresDatabase)app.Services.GetRequiredService<PortalDatabase>();
            await EnsureReachableAsync(target, cancellationToken);
            var source = new SqliteDatabase(paths);
            var migration = new StoreMigration(
                source, new SchemaMigrator(source, app.Services.GetRequiredService<ILogger<SchemaMigrator>>()),
                target, app.Services.GetRequiredService<SchemaMigrator>(),
                app.Services.GetRequiredService<AuditVerifier>(), keys, output);
            await migration.RunAsync(cancellationToken);
            return (int)StoreMigrationExit.Verified;
        }
        catch (Exception failure)
        {
            var (exit, message) = Classify(failure);
            await error.WriteLineAsync($"migrate-store: {Redact(message, password)}");
            return (int)exit;
        }
    }

    /// <summary>
    /// The portal's composition over the same configuration a start reads (appsettings.json, environment, the settings
    /// given after the connection string), with the target as its PostgreSQL storage. Logs below warnings are left out,
    /// and all logs go to standard error: standard output is the summary.
    /// </summary>
    private static WebApplication Build(string connectionString, IReadOnlyList<string> settings)
    {
        var builder = WebApplication.CreateBuilder(PortalHome.CreateOptions([.. settings]));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{StorageOptions.Section}:{nameof(StorageOptions.Provider)}"] = nameof(StorageProvider.Postgres),
            [$"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddPortalServices(builder.Configuration);
        return builder.Build();
    }

    /// <summary>
    /// The source's key ring, ready for the shared table. On PostgreSQL the key ring must be encrypted, so the certificate
    /// is required here as it is at a node's start (the same validation, naming the setting).
    /// </summary>
    private static IReadOnlyList<KeyRingEntry> ReadKeyRing(IServiceProvider services, PortalPaths paths)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = services.GetRequiredService<KeyRingCertificate>().Certificate
                ?? throw new StoreMigrationException(StoreMigrationExit.BadInput, $"{KeyRingOptions.Section}:Certificate is required.{NothingCopied}");
        }
        catch (OptionsValidationException invalid)
        {
            throw new StoreMigrationException(StoreMigrationExit.BadInput, $"{string.Join(" ", invalid.Failures)}{NothingCopied}", invalid);
        }
        return FileKeyRing.Read(
            Path.Combine(paths.DataDirectory, "keys"), certificate, new KeyRingCertificateDecryptor(services), services.GetRequiredService<ILoggerFactory>());
    }

    private static async Task EnsureReachableAsync(PostgresDatabase target, CancellationToken cancellationToken)
    {
        await using var connection = await target.OpenNpgsqlAsync(cancellationToken);
    }

    private static (StoreMigrationExit Exit, string Message) Classify(Exception failure) => failure switch
    {
        StoreMigrationException known => (known.Exit, known.Message),
        // Authentication (class 28), no such database, no privilege: the role may not do this here.
        PostgresException { SqlState: var state } denied when state.StartsWith("28", StringComparison.Ordinal) || state is PostgresErrorCodes.InvalidCatalogName or PostgresErrorCodes.InsufficientPrivilege =>
            (StoreMigrationExit.Unreachable, $"The target database refuses: {denied.MessageText} ({denied.SqlState}).{NothingCopied}"),
        NpgsqlException { InnerException: System.Net.Sockets.SocketException or TimeoutException or IOException } or NpgsqlException { IsTransient: true } and not PostgresException =>
            (StoreMigrationExit.Unreachable, $"Cannot reach the target database: {failure.Message}{NothingCopied}"),
        _ => (StoreMigrationExit.Failed, $"Failed ({failure.GetType().Name}): {failure.Message} The copy's transaction, if it had begun, was rolled back."),
    };

    private const string NothingCopied = " Nothing was copied.";

    private static string? TryPassword(string connectionString)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString).Password;
        }
        catch (Exception error) when (error is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            return null;
        }
    }

    // Belt and braces: Npgsql's messages do not carry the password, but a message from a server or a driver may quote
    // the connection string back one day.
    private static string Redact(string message, string? password) =>
        string.IsNullOrEmpty(password) ? message : message.Replace(password, "***", StringComparison.Ordinal);
}
