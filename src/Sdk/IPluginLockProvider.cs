namespace PortalRelease.Sdk;

/// <summary>
/// Named locks the host provides to one plugin (<see cref="PluginHostContext.Locks"/>): while one holder has a name, every
/// other acquirer of that name waits, on this node and on every other node of a portal cluster. Names are scoped by the
/// plugin's id and follow the key rules of <see cref="IPluginStateStore"/>.
/// </summary>
/// <remarks>
/// On PostgreSQL a lock is a session advisory lock on a database connection held until the handle is disposed; if that
/// connection or the node dies, the lock is released, so a lock is a way to avoid wasted work and interleaving, not a
/// proof of exclusivity: pair it with <see cref="IPluginStateStore.TryAddAsync"/> or
/// <see cref="IPluginStateStore.TrySetAsync"/> where a race must be impossible. On the embedded SQLite portal (one
/// process) the lock is in-process.
/// </remarks>
public interface IPluginLockProvider
{
    /// <summary>Waits until the lock <paramref name="name"/> is free and takes it; dispose the handle to release it.</summary>
    /// <param name="name">The lock's name.</param>
    /// <param name="timeout">How long to wait; <see cref="TimeoutException"/> when the lock is still held by then.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken);
}
