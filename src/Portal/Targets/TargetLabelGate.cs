namespace PortalRelease.Portal.Targets;

/// <summary>
/// Serialises what a target's labels decide: a release is recorded for the environment its targets had when it is
/// inserted (checked again under this gate), and a target's environment changes, or the target goes, only when no
/// unsettled release uses it (checked under this gate too). Without it an admin's relabel landing between a release's
/// label read and its insert would leave that release recorded for the old environment on a target now in another.
/// Held only for a re-read and one write, never across a driver call. One node: the cluster issue moves it into the
/// database with the target claims.
/// </summary>
public sealed class TargetLabelGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Held> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Held(_gate);
    }

    public void Dispose() => _gate.Dispose();

    public readonly struct Held(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
