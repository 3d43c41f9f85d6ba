using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Plugins.Serverless.Deployment;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

internal sealed partial class LambdaTargetDriver
{
    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var settings = LambdaSettingsReader.Parse(target);
        var client = Client(settings);
        return await CallAsync(target, settings, () => ReadStatusAsync(client, settings, cancellationToken));
    }

    private static async Task<TargetStatus> ReadStatusAsync(LambdaClient client, LambdaSettings settings, CancellationToken cancellationToken)
    {
        var alias = await client.GetAliasAsync(cancellationToken);
        if (alias is null)
        {
            // The function must exist for the target to be usable: reading it proves the settings and credentials.
            var function = await client.GetFunctionConfigurationAsync(null, cancellationToken);
            var (health, ready, problem) = FunctionHealth.Of(function);
            return new TargetStatus
            {
                Health = health,
                Ready = ready,
                Detail = problem ?? $"Function '{settings.FunctionName}' is reachable; alias '{settings.Alias}' does not exist yet: the first promotion creates it.",
            };
        }
        var stable = await client.GetFunctionConfigurationAsync(alias.FunctionVersion, cancellationToken);
        var routing = (alias.RoutingConfig?.AdditionalVersionWeights ?? []).Where(w => w.Value > 0).ToList();
        if (routing.Count == 0)
        {
            var (health, ready, problem) = FunctionHealth.Of(stable);
            return new TargetStatus
            {
                StableVersion = VersionLabel.Of(stable),
                Health = health,
                Ready = ready,
                Detail = problem ?? $"Alias '{settings.Alias}' sends all traffic to {VersionLabel.Of(stable)} (Lambda version {stable.Version}).",
            };
        }
        var (number, share) = routing[0];
        var canary = await client.GetFunctionConfigurationAsync(number, cancellationToken);
        var weight = (int)Math.Round(share * 100, MidpointRounding.AwayFromZero);
        var worst = FunctionHealth.Worst(FunctionHealth.Of(stable), FunctionHealth.Of(canary));
        return new TargetStatus
        {
            StableVersion = VersionLabel.Of(stable),
            CanaryVersion = VersionLabel.Of(canary),
            CanaryWeight = Math.Clamp(weight, 0, 100),
            Health = worst.Health,
            Ready = worst.Ready,
            Detail = worst.Problem ?? $"Alias '{settings.Alias}': {VersionLabel.Of(stable)} (Lambda version {stable.Version}) {100 - weight}%, " +
                $"canary {VersionLabel.Of(canary)} (Lambda version {canary.Version}) {weight}%.",
        };
    }
}
