using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

/// <summary>Builds the <see cref="TargetContext"/> a driver call gets: the stored settings plus the decrypted secrets.</summary>
public sealed class TargetContexts(TargetRepository targets, TargetSecrets secrets, ILogger<TargetContexts> logger)
{
    public async Task<TargetContext?> GetAsync(string name, CancellationToken cancellationToken)
    {
        var record = await targets.GetAsync(name, cancellationToken);
        return record is null ? null : Build(record);
    }

    public TargetContext Build(TargetRecord record)
    {
        using var settings = JsonDocument.Parse(record.Settings);
        Dictionary<string, string> plain;
        try
        {
            plain = secrets.Unprotect(record.Secrets, record.Name);
        }
        catch (TargetSecretsUnreadableException error)
        {
            // The driver still gets the call and fails it with its own message (no credentials): a step fails, the portal does not.
            logger.LogWarning("{Problem}", error.Message);
            plain = [];
        }
        return new TargetContext { Name = record.Name, Kind = record.Kind, Settings = settings.RootElement.Clone(), Secrets = plain };
    }
}
