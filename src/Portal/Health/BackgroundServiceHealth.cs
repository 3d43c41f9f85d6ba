using System.Collections.Concurrent;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Health;

/// <summary>What each <see cref="SupervisedBackgroundService"/> last said about itself, for <c>/healthz</c>.</summary>
public sealed class BackgroundServiceHealth(TimeProvider time)
{
    /// <summary>An error is shown to whoever can read <c>/healthz</c>: a short excerpt (in characters), never a stack trace.</summary>
    public const int MaxErrorLength = 300;

    private readonly ConcurrentDictionary<string, ServiceHealth> _services = new(StringComparer.Ordinal);

    /// <summary>Every service seen, by name.</summary>
    public IReadOnlyList<ServiceHealth> Services => _services.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToList();

    internal void Starting(string name) => _services.AddOrUpdate(name, n => new ServiceHealth(n, ServiceState.Starting, null, null, 0), (_, s) => s);

    internal void Running(string name) => _services.AddOrUpdate(
        name, n => new ServiceHealth(n, ServiceState.Running, null, null, 0), (_, s) => s with { State = ServiceState.Running });

    internal void Standby(string name) => _services.AddOrUpdate(
        name, n => new ServiceHealth(n, ServiceState.Standby, null, null, 0), (_, s) => s with { State = ServiceState.Standby });

    internal void Elected(string name) => _services.AddOrUpdate(
        name, n => new ServiceHealth(n, ServiceState.Starting, null, null, 0), (_, s) => s.State == ServiceState.Standby ? s with { State = ServiceState.Starting } : s);

    internal void Stopped(string name) => _services.AddOrUpdate(
        name, n => new ServiceHealth(n, ServiceState.Stopped, null, null, 0), (_, s) => s with { State = ServiceState.Stopped });

    internal void Failed(string name, Exception error)
    {
        var text = Describe(error);
        var at = time.GetUtcNow();
        _services.AddOrUpdate(
            name,
            n => new ServiceHealth(n, ServiceState.Failed, text, at, 1),
            (_, s) => s with { State = ServiceState.Failed, LastError = text, LastFailedAt = at, Failures = s.Failures + 1 });
    }

    /// <summary>The exception's type and message, masked for known secrets and quoted as any input is (<see cref="Excerpt"/>).</summary>
    private static string Describe(Exception error) =>
        Excerpt.Of(KnownSecrets.Redact($"{error.GetType().Name}: {error.Message}"), MaxErrorLength);
}

public enum ServiceState
{
    Starting,
    Running,
    Failed,
    Stopped,

    /// <summary>Singleton work another node of the cluster runs; this node takes it over when that node goes.</summary>
    Standby,
}

/// <summary>One background service: its state, and its last error even after it recovered (for the record).</summary>
public sealed record ServiceHealth(string Name, ServiceState State, string? LastError, DateTimeOffset? LastFailedAt, int Failures);
