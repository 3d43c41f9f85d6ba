using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// Returns every target this release touched to the version it ran before, then settles the release as
    /// RolledBack (or Aborted when a person aborted it). A failed attempt leaves it Failed; asking again retries.
    /// </summary>
    private async Task RollBackAsync(CancellationToken cancellationToken)
    {
        var request = _view.PendingRollback!;
        using var span = StartRollbackSpan(request.Reason);
        var touched = RollbackTargets(request);
        var errors = new List<string>();
        foreach (var name in touched)
        {
            var key = ActionKeys.Rollback(ReleaseId, name, _view.RollbackAttempt);
            if (_view.IsDone(key))
            {
                continue;
            }
            var target = await TargetAsync(name, cancellationToken);
            var driver = target is null ? null : _services.Plugins.FindDriver(target.Kind);
            if (target is null || driver is null)
            {
                errors.Add($"target '{name}' or its driver is not available");
                continue;
            }
            var (toVersion, noVersion) = await RollbackVersionAsync(name, cancellationToken);
            if (noVersion is not null)
            {
                errors.Add(noVersion);
                continue;
            }
            if (!_view.IsIntended(key))
            {
                await AppendAsync(Engine(new ActionIntended(key, name, "rollback", _release.Version, null, null, toVersion)));
            }
            var rollback = new RollbackRequest { ReleaseId = ReleaseId, FromVersion = _release.Version, ToVersion = toVersion, IdempotencyKey = key };
            var (result, error) = await CallDriverAsync(
                "rollback", target, Cohorts.Stable, ct => driver.RollbackAsync(target, rollback, ct), $"Rolling back '{name}' to {toVersion ?? "nothing"}", cancellationToken, breaker: false);
            if (error is not null)
            {
                await AppendAsync(Engine(new ActionFailed(key, name, error)));
                errors.Add(error);
                continue;
            }
            await AppendAsync(Engine(new ActionDone(key, name, result!.Outcome.ToString(), result.Detail)));
        }
        if (errors.Count == 0)
        {
            errors.AddRange(await UnconfirmedRollbacksAsync(touched, cancellationToken));
        }
        if (errors.Count > 0)
        {
            FailSpan(span, errors);
            var failed = Engine(new StateChanged(_view.State, Lifecycle.Failed, "Rollback failed, the release is not rolled back: " + string.Join("; ", errors)));
            await AppendAsync(failed);
            return;
        }
        var final = request.IsAbort ? Lifecycle.Aborted : Lifecycle.RolledBack;
        var who = request.By is null or "engine" ? " automatically" : $" by {request.By}";
        await TransitionAsync(final, $"{(request.IsAbort ? "Aborted" : "Rolled back")}{who}: {request.Reason}");
    }

    /// <summary>
    /// Reads every rolled-back target's status and returns what is still wrong: the release's version still serving (or,
    /// after a rollback to nothing, any version), or a status that could not be read. Only a clean read settles the
    /// release as rolled back; otherwise it stays Failed, and asking again retries with new keys.
    /// </summary>
    private async Task<List<string>> UnconfirmedRollbacksAsync(IReadOnlyList<string> touched, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        foreach (var name in touched)
        {
            var target = await TargetAsync(name, cancellationToken);
            var driver = target is null ? null : _services.Plugins.FindDriver(target.Kind);
            if (target is null || driver is null)
            {
                problems.Add($"target '{name}' or its driver is not available to confirm the rollback");
                continue;
            }
            var key = ActionKeys.Rollback(ReleaseId, name, _view.RollbackAttempt);
            var toVersion = _view.IntendedActions.FirstOrDefault(a => a.Key == key)?.ToVersion;
            var (status, error) = await CallDriverAsync(
                "status", target, null, ct => driver.GetStatusAsync(target, ct), $"Reading the status of '{name}' after its rollback", cancellationToken, breaker: false);
            if (error is not null)
            {
                problems.Add($"the rollback of '{name}' could not be confirmed: {error}");
                continue;
            }
            if (RollbackCheck.Problem(name, status!, _release.Version, toVersion) is { } problem)
            {
                problems.Add(problem);
            }
        }
        return problems;
    }
}
