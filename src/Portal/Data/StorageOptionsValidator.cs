using Microsoft.Extensions.Options;
using Npgsql;

namespace PortalRelease.Portal.Data;

/// <summary>Fails start-up with a message naming the setting when <c>Portal:Storage</c> is wrong; never echoes a password.</summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var errors = Errors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static IEnumerable<string> Errors(StorageOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            yield return $"Portal:Storage:Provider must be Sqlite or Postgres (was '{options.Provider}').";
            yield break;
        }
        if (options.Provider != StorageProvider.Postgres)
        {
            yield break;
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            yield return "Portal:Storage:ConnectionString must be set when Portal:Storage:Provider is Postgres "
                + "(e.g. Host=127.0.0.1;Database=portal;Username=portal;Password=…).";
            yield break;
        }
        foreach (var error in ConnectionStringErrors(options.ConnectionString, "Portal:Storage:ConnectionString"))
        {
            yield return error;
        }
    }

    /// <summary>
    /// What is wrong with a PostgreSQL connection string, each message starting with <paramref name="name"/> (the setting
    /// or argument it came from); never a value from it. Also checks the one <c>migrate-store</c> is given.
    /// </summary>
    public static IEnumerable<string> ConnectionStringErrors(string? connectionString, string name)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield return $"{name} is empty.";
            yield break;
        }
        var (builder, problem) = Parse(connectionString);
        if (builder is null)
        {
            yield return $"{name} is not a valid PostgreSQL connection string: {problem}";
            yield break;
        }
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            yield return $"{name} must name a Host.";
        }
        if (string.IsNullOrWhiteSpace(builder.Database))
        {
            yield return $"{name} must name a Database: the portal never writes into the server's default database.";
        }
    }

    private static (NpgsqlConnectionStringBuilder? Builder, string? Problem) Parse(string connectionString)
    {
        try
        {
            return (new NpgsqlConnectionStringBuilder(connectionString), null);
        }
        catch (Exception error) when (error is ArgumentException or FormatException or KeyNotFoundException or InvalidCastException)
        {
            // The parser names the key it could not take, never a value: safe to show.
            return (null, error.Message);
        }
    }
}
