using System.Globalization;
using PortalRelease.Plugins.Serverless.Api;
using PortalRelease.Plugins.Serverless.Deployment;
using PortalRelease.Plugins.Serverless.Ledger;
using PortalRelease.Plugins.Serverless.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless;

internal sealed partial class LambdaTargetDriver
{
    public const string AliasDescription = "Managed by PortalRelease";

    public async Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckRequest(request);
        var settings = LambdaSettingsReader.Parse(target);
        return await RunKeyedAsync(target, settings, request.IdempotencyKey, (call, ct) => request.Cohort == Cohorts.Stable
            ? PromoteAsync(call, settings, request.Version, ct)
            : ShiftCanaryAsync(call, settings, request.Version, request.Weight, ct), cancellationToken);
    }

    private static void CheckRequest(ApplyRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.IdempotencyKey))
        {
            throw new DriverException("The idempotency key must not be empty.");
        }
        CheckVersion(request.Version);
        if (request.Weight is < 0 or > 100)
        {
            throw new DriverException($"Weight {request.Weight} is out of range: a weight is a percentage from 0 to 100.");
        }
        switch (request.Strategy, request.Cohort)
        {
            case (DeploymentStrategy.Canary, Cohorts.Canary):
                return;
            case (DeploymentStrategy.Canary or DeploymentStrategy.AllAtOnce, Cohorts.Stable) when request.Weight == 100:
                return;
            case (DeploymentStrategy.AllAtOnce, not Cohorts.Stable):
                throw new DriverException($"All at once moves the '{Cohorts.Stable}' cohort to the version at weight 100; '{request.Cohort}' is not used.");
            case (DeploymentStrategy.Canary or DeploymentStrategy.AllAtOnce, Cohorts.Stable):
                throw new DriverException($"The stable cohort of a Lambda alias takes all of its traffic: weight must be 100, not {request.Weight}.");
            case (DeploymentStrategy.Canary or DeploymentStrategy.AllAtOnce, _):
                throw new DriverException(
                    $"Unknown cohort '{request.Cohort}' for {request.Strategy}: the Lambda driver applies versions to '{Cohorts.Canary}' (alias routing weight) or '{Cohorts.Stable}' (the alias's version).");
            default:
                throw new DriverException($"The Lambda driver does not do {request.Strategy} deployments: it shifts an alias by weighted canary or all at once.");
        }
    }

    private static void CheckVersion(string version)
    {
        if (string.IsNullOrWhiteSpace(version) || version.Length > VersionLabel.MaxVersionLength || version.Any(char.IsControl))
        {
            throw new DriverException($"The version must be 1 to {VersionLabel.MaxVersionLength} characters without control characters.");
        }
    }

    /// <summary>Points the alias at the version alone (creating the alias on first use): promotion and all-at-once.</summary>
    private async Task<string> PromoteAsync(KeyedCall call, LambdaSettings settings, string version, CancellationToken cancellationToken)
    {
        var client = call.Client;
        var published = await EnsurePublishedAsync(call, settings, version, cancellationToken);
        var alias = await client.GetAliasAsync(cancellationToken);
        var moved = await PointAliasAsync(client, settings, alias, published.Number, cancellationToken);
        var what = moved ? $"Alias '{settings.Alias}' now sends all traffic to {version} (Lambda version {published.Number})" : $"Alias '{settings.Alias}' already sent all traffic to {version} (Lambda version {published.Number}); nothing changed";
        return $"{published.Detail} {what}.";
    }

    /// <summary>Sets the alias's routing so the version receives <paramref name="weight"/> percent beside the alias's own version.</summary>
    private async Task<string> ShiftCanaryAsync(KeyedCall call, LambdaSettings settings, string version, int weight, CancellationToken cancellationToken)
    {
        var client = call.Client;
        var alias = await client.GetAliasAsync(cancellationToken) ?? throw new DriverException(
            $"Alias '{settings.Alias}' of function '{settings.FunctionName}' does not exist: a canary shares the traffic of the version the alias serves. " +
            "Deploy a first version all at once (or promote one) to create the alias.");
        var published = await EnsurePublishedAsync(call, settings, version, cancellationToken);
        if (alias.FunctionVersion == published.Number)
        {
            return $"{published.Detail} Alias '{settings.Alias}' already serves {version} (Lambda version {published.Number}) with all its traffic; nothing to shift.";
        }
        var weights = weight == 0 ? new Dictionary<string, double>() : new Dictionary<string, double> { [published.Number] = weight / 100.0 };
        var current = alias.RoutingConfig?.AdditionalVersionWeights ?? [];
        var share = $"{weight}% of alias '{settings.Alias}' to {version} (Lambda version {published.Number}), {100 - weight}% stays on Lambda version {alias.FunctionVersion}";
        if (SameWeights(current, weights))
        {
            return $"{published.Detail} Already routing {share}; nothing changed.";
        }
        await client.UpdateAliasAsync(new UpdateAliasRequest
        {
            FunctionVersion = alias.FunctionVersion!,
            Description = alias.Description,
            RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = weights },
            RevisionId = alias.RevisionId,
        }, cancellationToken);
        return $"{published.Detail} Routing {share}.";
    }

    /// <summary>Points an alias at one version with no routing; false when it already was.</summary>
    private static async Task<bool> PointAliasAsync(LambdaClient client, LambdaSettings settings, AliasConfiguration? alias, string number, CancellationToken cancellationToken)
    {
        if (alias is null)
        {
            try
            {
                await client.CreateAliasAsync(new CreateAliasRequest { Name = settings.Alias, FunctionVersion = number, Description = AliasDescription }, cancellationToken);
                return true;
            }
            catch (LambdaApiException ex) when (ex.IsConflict)
            {
                // Created meanwhile (by a retried attempt of this call or by someone else): update it instead.
                alias = await client.GetAliasAsync(cancellationToken);
                if (alias is null)
                {
                    throw;
                }
            }
        }
        if (alias.FunctionVersion == number && (alias.RoutingConfig?.AdditionalVersionWeights ?? []).Count == 0)
        {
            return false;
        }
        await client.UpdateAliasAsync(new UpdateAliasRequest
        {
            FunctionVersion = number,
            Description = alias.Description,
            RoutingConfig = new AliasRoutingConfiguration { AdditionalVersionWeights = [] },
            RevisionId = alias.RevisionId,
        }, cancellationToken);
        return true;
    }

    private static bool SameWeights(Dictionary<string, double> current, Dictionary<string, double> wanted) =>
        current.Where(w => w.Value > 0).Count() == wanted.Count
        && wanted.All(w => current.TryGetValue(w.Key, out var value) && Math.Abs(value - w.Value) < 0.00001);

    /// <summary>
    /// The Lambda version that carries a release version: found by its description, or built now — UpdateFunctionCode from
    /// S3, wait for the update, PublishVersion with the code hash and revision just read, so nothing else slips in between.
    /// The update is noted under the call's key first: a call cut off while Lambda updates (the portal's attempt timeout)
    /// is re-issued with the same key and waits for that update instead of starting another.
    /// </summary>
    private async Task<(string Number, string Detail)> EnsurePublishedAsync(
        KeyedCall call, LambdaSettings settings, string version, CancellationToken cancellationToken)
    {
        var client = call.Client;
        var existing = VersionLabel.Find(await client.ListVersionsAsync(cancellationToken), version);
        if (existing is not null)
        {
            return (existing, $"Version {version} was published before as Lambda version {existing}.");
        }
        var key = settings.CodeKey(version);
        var started = (await call.Keys.FindCodeUpdateAsync(call.Key, cancellationToken))?.CodeSha256;
        if (started is null || (await client.GetFunctionConfigurationAsync(null, cancellationToken)).CodeSha256 != started)
        {
            var updated = await client.UpdateFunctionCodeAsync(settings.CodeBucket, key, cancellationToken);
            if (updated.CodeSha256 is { Length: > 0 } sha)
            {
                // The update started: note it even if the caller gives up now, so a re-issue waits for it.
                await call.Keys.AddAsync(new AppliedKey(call.Key, _options.Time.GetUtcNow(), $"code update to s3://{settings.CodeBucket}/{key}", sha), CancellationToken.None);
            }
        }
        var ready = await WaitForUpdateAsync(client, settings, key, cancellationToken);
        var published = await client.PublishVersionAsync(new PublishVersionRequest
        {
            CodeSha256 = ready.CodeSha256,
            Description = VersionLabel.Describe(version),
            RevisionId = ready.RevisionId,
        }, cancellationToken);
        if (published.Version is null || !long.TryParse(published.Version, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new DriverException($"Lambda PublishVersion on function '{settings.FunctionName}' returned no version number.");
        }
        // Lambda returns the latest version instead of a new one when neither code nor configuration changed.
        var reused = published.Description != VersionLabel.Describe(version) ? $" (the code equals that of {VersionLabel.Of(published)})" : "";
        return (published.Version, $"Published {version} from s3://{settings.CodeBucket}/{key} as Lambda version {published.Version}{reused}.");
    }

    private async Task<FunctionConfiguration> WaitForUpdateAsync(
        LambdaClient client, LambdaSettings settings, string key, CancellationToken cancellationToken)
    {
        var started = _options.Time.GetTimestamp();
        var delay = _options.PollInterval;
        while (true)
        {
            // Read at once: a small package is often ready before the first pause would end.
            var config = await client.GetFunctionConfigurationAsync(null, cancellationToken);
            switch (config.LastUpdateStatus)
            {
                case null or "Successful":
                    return config;
                case "Failed":
                    throw new DriverException(
                        $"Lambda could not update function '{settings.FunctionName}' from s3://{settings.CodeBucket}/{key}: " +
                        $"{config.LastUpdateStatusReason ?? "no reason given"}");
            }
            if (_options.Time.GetElapsedTime(started) >= settings.UpdateTimeout)
            {
                throw new DriverException(
                    $"The code update of function '{settings.FunctionName}' was still {config.LastUpdateStatus} after {settings.UpdateTimeout.TotalSeconds:0} s (updateTimeoutSeconds).")
                { IsTransient = true };
            }
            await Task.Delay(delay, _options.Time, cancellationToken);
            delay = delay * 2 < _options.MaxPollInterval ? delay * 2 : _options.MaxPollInterval;
        }
    }
}
