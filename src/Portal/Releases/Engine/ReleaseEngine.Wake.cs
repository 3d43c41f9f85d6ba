namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseEngine
{
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
