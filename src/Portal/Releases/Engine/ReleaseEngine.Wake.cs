namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseEngine
{
    /// <summary>Wakes the release's runner if this node runs one; unlike <see cref="Notify"/> never takes the release.</summary>
    public void Signal(string releaseId)
    {
        lock (_running)
        {
            if (_running.TryGetValue(releaseId, out var running))
            {
                running.Runner.Signal();
            }
        }
    }

    /// <summary>Wakes every running runner to look at the journal and its gates again (the gate settings changed).</summary>
    public void WakeAll()
    {
        lock (_running)
        {
            foreach (var (runner, _, _) in _running.Values)
            {
                runner.Signal();
            }
        }
    }
}
