using System.Text.Json.Nodes;

namespace PortalRelease.Plugins.Kubernetes.Tests.Fake;

public sealed partial class FakeKubeApi
{
    private readonly Dictionary<string, long> _rolloutEpochs = new(StringComparer.Ordinal);
    private TaskCompletionSource _rolloutGate = Open();

    /// <summary>How long the simulated Deployment controller takes per replica.</summary>
    public TimeSpan RolloutStep { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Stops every rollout where it is (the controller is slow) until <see cref="ReleaseRollouts"/>.</summary>
    public void HoldRollouts()
    {
        lock (_gate)
        {
            if (_rolloutGate.Task.IsCompleted)
            {
                _rolloutGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void ReleaseRollouts()
    {
        lock (_gate)
        {
            _rolloutGate.TrySetResult();
        }
    }

    /// <summary>
    /// Plays the Deployment controller after a spec change (called under the lock): it observes the new generation, then
    /// replaces or adds one replica per step while the Deployment is not paused, telling watchers after every step.
    /// Old replicas keep serving while new ones come up (maxUnavailable 0).
    /// </summary>
    private void StartRollout(string path, bool templateChanged)
    {
        var epoch = _rolloutEpochs[path] = (_rolloutEpochs.TryGetValue(path, out var e) ? e : 0) + 1;
        var status = _objects[path]["status"] as JsonObject;
        var updated = templateChanged ? 0 : (int)(Number(status?["updatedReplicas"]) ?? 0);
        var available = (int)(Number(status?["availableReplicas"]) ?? 0);
        _ = Task.Run(() => RollAsync(path, epoch, updated, available));
    }

    private async Task RollAsync(string path, long epoch, int updated, int available)
    {
        while (true)
        {
            await Task.Delay(RolloutStep);
            Task gate;
            lock (_gate)
            {
                gate = _rolloutGate.Task;
            }

            await gate;
            lock (_gate)
            {
                if (_disposed || _rolloutEpochs[path] != epoch || !_objects.TryGetValue(path, out var deployment))
                {
                    return;
                }

                var spec = deployment["spec"]!;
                var wanted = (int)(Number(spec["replicas"]) ?? 1);
                var paused = spec["paused"]?.GetValue<bool>() ?? false;
                if (!paused)
                {
                    updated = updated < wanted ? updated + 1 : wanted;
                    available = updated == wanted ? wanted : Math.Min(Math.Max(available, updated), wanted);
                }

                deployment["status"] = new JsonObject
                {
                    ["observedGeneration"] = Number(Metadata(deployment)["generation"]),
                    ["replicas"] = wanted,
                    ["updatedReplicas"] = updated,
                    ["readyReplicas"] = available,
                    ["availableReplicas"] = available,
                };
                Metadata(deployment)["resourceVersion"] = NextVersion();
                Notify(path, "MODIFIED", deployment);
                if (paused || (updated == wanted && available == wanted))
                {
                    return;
                }
            }
        }
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
