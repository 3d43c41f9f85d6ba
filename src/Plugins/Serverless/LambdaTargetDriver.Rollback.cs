using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Plugins.Serverless.Deployment;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

internal sealed partial class LambdaTargetDriver
{
    public async Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new DriverException("The idempotency key must not be empty.");
        }
        CheckVersion(request.FromVersion);
        if (request.ToVersion is not null)
        {
            CheckVersion(request.ToVersion);
        }
        var settings = LambdaSettingsReader.Parse(target);
        return await RunKeyedAsync(target, settings, request.IdempotencyKey, (call, ct) => request.ToVersion is null
            ? RemoveAliasAsync(call.Client, settings, request.FromVersion, ct)
            : ShiftBackAsync(call.Client, settings, request.ToVersion, ct), cancellationToken);
    }

    /// <summary>Points the alias at the previous version alone, which also drops any canary routing.</summary>
    private static async Task<string> ShiftBackAsync(LambdaClient client, LambdaSettings settings, string toVersion, CancellationToken cancellationToken)
    {
        var number = VersionLabel.Find(await client.ListVersionsAsync(cancellationToken), toVersion) ?? throw new DriverException(
            $"Cannot roll back function '{settings.FunctionName}' to {toVersion}: no published Lambda version carries it (description '{VersionLabel.Describe(toVersion)}').");
        var alias = await client.GetAliasAsync(cancellationToken);
        var moved = await PointAliasAsync(client, settings, alias, number, cancellationToken);
        return moved
            ? $"Rolled back: alias '{settings.Alias}' sends all traffic to {toVersion} (Lambda version {number}) again."
            : $"Alias '{settings.Alias}' already sent all traffic to {toVersion} (Lambda version {number}); nothing changed.";
    }

    /// <summary>
    /// The target ran nothing before this release, so the alias exists because of it: delete it if it serves the release's
    /// version alone; otherwise only drop the canary routing, leaving a version the release did not put there.
    /// </summary>
    private static async Task<string> RemoveAliasAsync(LambdaClient client, LambdaSettings settings, string fromVersion, CancellationToken cancellationToken)
    {
        var alias = await client.GetAliasAsync(cancellationToken);
        if (alias is null)
        {
            return $"Alias '{settings.Alias}' does not exist; nothing to roll back.";
        }
        var release = VersionLabel.Find(await client.ListVersionsAsync(cancellationToken), fromVersion);
        if (release is not null && alias.FunctionVersion == release)
        {
            await client.DeleteAliasAsync(cancellationToken);
            return $"Rolled back: deleted alias '{settings.Alias}', which served only {fromVersion} (Lambda version {release}); the target ran nothing before.";
        }
        if ((alias.RoutingConfig?.AdditionalVersionWeights ?? []).Count == 0)
        {
            return $"Alias '{settings.Alias}' serves Lambda version {alias.FunctionVersion} with no canary; nothing to roll back.";
        }
        await client.UpdateAliasAsync(new UpdateAliasRequest
        {
            FunctionVersion = alias.FunctionVersion!,
            Description = alias.Description,
            RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = [] },
            RevisionId = alias.RevisionId,
        }, cancellationToken);
        return $"Rolled back: removed the canary routing of alias '{settings.Alias}'; Lambda version {alias.FunctionVersion} serves all traffic.";
    }
}
