namespace PortalRelease.Portal.Releases.Engine;

/// <summary>A wake-up call that is never lost: a signal raised before anyone waits completes the next wait.</summary>
public sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsRaised
    {
        get
        {
            lock (_gate)
            {
                return _pending.Task.IsCompleted;
            }
        }
    }

    public void Raise()
    {
        lock (_gate)
        {
            _pending.TrySetResult();
        }
    }

    /// <summary>Waits for a signal or until <paramref name="timeout"/> passes (forever when null); true when signalled.</summary>
    public async Task<bool> WaitAsync(TimeSpan? timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task signalled;
        lock (_gate)
        {
            if (_pending.Task.IsCompleted)
            {
                _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
                return true;
            }
            signalled = _pending.Task;
        }
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = timeout is { } t ? Task.Delay(t < TimeSpan.Zero ? TimeSpan.Zero : t, time, cts.Token) : Task.Delay(Timeout.Infinite, cts.Token);
        await Task.WhenAny(signalled, delay);
        await cts.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_pending.Task.IsCompleted)
            {
                return false;
            }
            _pending = new(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }
}
