using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Cluster;

/// <summary>
/// Waits for a Deployment to reach a condition by WATCHing it from the resourceVersion last seen: the API server pushes
/// every change, so nothing polls. A watch the server ends (timeout, 410 Gone) is resumed from a fresh read.
/// One watcher serves one driver call, and <c>timeout</c> bounds all of that call's waits together, so the call stays
/// within the budget the driver declares to the portal (<see cref="KubernetesTargetDriver.GetCallBudget"/>).
/// </summary>
internal sealed class RolloutWatcher(KubeApi api, TimeProvider time, TimeSpan timeout)
{
    /// <summary>How long the server keeps one watch open before the watcher resumes it with a fresh read.</summary>
    public const int WatchSeconds = 300;

    private readonly long _started = time.GetTimestamp();

    public async Task<V1Deployment> WaitAsync(V1Deployment current, Func<V1Deployment, bool> done, string what, CancellationToken cancellationToken)
    {
        var name = current.Metadata.Name;
        var left = timeout - time.GetElapsedTime(_started);
        using var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            while (true)
            {
                if (Reached(current, done))
                {
                    return current;
                }

                var seen = new StrongBox<V1Deployment>(current);
                try
                {
                    current = await WatchOnceAsync(seen, done, linked.Token) ?? await api.ReadDeploymentAsync(name, linked.Token);
                }
                finally
                {
                    // The timeout message reports the last state the watch delivered.
                    current = seen.Value ?? current;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Not transient: rolloutTimeoutSeconds is the operator's bound on the whole wait. A retry would only wait for
            // the same rollout again, multiplying the bound by the portal's retries.
            throw new DriverException($"{what}: Deployment {name} was not ready within {timeout.TotalSeconds:0} s ({Workloads.Progress(current)}).");
        }
    }

    /// <summary>Follows one watch stream; returns the object once the condition holds, or null when the stream ended first.</summary>
    private async Task<V1Deployment?> WatchOnceAsync(StrongBox<V1Deployment> seen, Func<V1Deployment, bool> done, CancellationToken cancellationToken)
    {
        var current = seen.Value!;
        var name = current.Metadata.Name;
        try
        {
            var events = api.Client.AppsV1.WatchListNamespacedDeploymentAsync(
                api.Namespace,
                fieldSelector: $"metadata.name={name}",
                resourceVersion: current.Metadata.ResourceVersion,
                timeoutSeconds: WatchSeconds,
                cancellationToken: cancellationToken);
            await foreach (var (type, deployment) in events)
            {
                switch (type)
                {
                    case WatchEventType.Added or WatchEventType.Modified when deployment?.Metadata?.Name == name:
                        seen.Value = deployment;
                        if (Reached(deployment, done))
                        {
                            return deployment;
                        }

                        break;
                    case WatchEventType.Deleted when deployment?.Metadata?.Name == name:
                        throw new DriverException($"Deployment {api.Namespace}/{name} was deleted while the driver waited for its rollout.");
                    default:
                        // Bookmarks and errors (e.g. 410 Gone: the resourceVersion is too old) end this stream; the caller re-reads.
                        if (type == WatchEventType.Error)
                        {
                            return null;
                        }

                        break;
                }
            }
        }
        catch (KubernetesException)
        {
            // An ERROR event from the server (such as 410 Gone): resume from a fresh read.
        }
        catch (HttpOperationException ex) when (ex.Response?.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
        {
            // Throttled: wait as asked, then resume from a fresh read.
            await Task.Delay(api.RetryAfter(ex), time, cancellationToken);
        }
        catch (HttpOperationException ex)
        {
            // E.g. 403 when the role lacks "watch": retrying cannot help, say what is missing.
            throw KubeApi.Failure($"Watching Deployment {api.Namespace}/{name}", ex);
        }

        return null;
    }

    private static bool Reached(V1Deployment deployment, Func<V1Deployment, bool> done)
    {
        if (Workloads.FailureOf(deployment) is { } failure)
        {
            throw new DriverException(failure);
        }

        return done(deployment);
    }
}
