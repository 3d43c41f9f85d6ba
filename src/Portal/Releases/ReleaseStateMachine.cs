namespace PortalRelease.Portal.Releases;

public enum ReleaseCommand
{
    Pause,
    Resume,
    Abort,
    Rollback,
}

/// <summary>Which lifecycle moves and which commands are allowed; the engine and the API both ask here.</summary>
public static class ReleaseStateMachine
{
    private static readonly Dictionary<Lifecycle, Lifecycle[]> Transitions = new()
    {
        // RolledBack: a rollback asked for before validation has nothing to undo, but must still settle.
        [Lifecycle.Proposed] = [Lifecycle.Validated, Lifecycle.Failed, Lifecycle.Aborted, Lifecycle.RolledBack],
        [Lifecycle.Validated] = [Lifecycle.Deploying, Lifecycle.Failed, Lifecycle.Aborted, Lifecycle.RolledBack],
        [Lifecycle.Deploying] = [Lifecycle.Verifying, Lifecycle.Promoted, Lifecycle.Failed, Lifecycle.Aborted, Lifecycle.RolledBack],
        [Lifecycle.Verifying] = [Lifecycle.Deploying, Lifecycle.Promoted, Lifecycle.Failed, Lifecycle.Aborted, Lifecycle.RolledBack],
        [Lifecycle.Promoted] = [Lifecycle.RolledBack, Lifecycle.Failed],
        [Lifecycle.Failed] = [Lifecycle.RolledBack],
        [Lifecycle.RolledBack] = [],
        [Lifecycle.Aborted] = [],
    };

    public static bool CanTransition(Lifecycle from, Lifecycle to) => Transitions[from].Contains(to);

    public static bool IsInProgress(Lifecycle state) => state is Lifecycle.Proposed or Lifecycle.Validated or Lifecycle.Deploying or Lifecycle.Verifying;

    /// <summary>Null when the command is allowed now; otherwise the reason it is not, in words for the user.</summary>
    public static string? Check(ReleaseView view, ReleaseCommand command)
    {
        if (view.PendingRollback is { } pending)
        {
            return $"The release is already {(pending.IsAbort ? "being aborted" : "rolling back")}.";
        }
        return command switch
        {
            ReleaseCommand.Pause when !IsInProgress(view.State) => $"Only a release in progress can be paused; this one is {view.State}.",
            ReleaseCommand.Pause when view.IsPaused => "The release is already paused.",
            ReleaseCommand.Resume when !IsInProgress(view.State) => $"Only a release in progress can be resumed; this one is {view.State}.",
            ReleaseCommand.Resume when !view.IsPaused => "The release is not paused.",
            ReleaseCommand.Abort when !IsInProgress(view.State) => $"Only a release in progress can be aborted; this one is {view.State}.",
            ReleaseCommand.Rollback when view.State is Lifecycle.RolledBack or Lifecycle.Aborted => $"The release is already {view.State}.",
            _ => null,
        };
    }

    public static IReadOnlyList<ReleaseCommand> Available(ReleaseView view) =>
        Enum.GetValues<ReleaseCommand>().Where(c => Check(view, c) is null).ToList();
}
