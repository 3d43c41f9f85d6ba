namespace PortalRelease.Cli;

/// <summary>The process's exit codes: a contract with every pipeline that runs <c>portal</c> (docs/ci.md), never renumbered.</summary>
public static class ExitCodes
{
    public const int Promoted = 0;
    public const int Ok = 0;
    public const int BadInput = 2;
    public const int Unreachable = 3;

    /// <summary><c>portal target test</c>: the test ran and the target is not healthy (or its driver is not loaded).</summary>
    public const int TargetTestFailed = 4;
    public const int RolledBack = 10;
    public const int FailedOrAborted = 11;
    public const int StillWaiting = 12;

    /// <summary>The exit code of a settled release's state.</summary>
    public static int ForState(string state) => state switch
    {
        Contracts.ReleaseStates.Promoted => Promoted,
        Contracts.ReleaseStates.RolledBack => RolledBack,
        Contracts.ReleaseStates.Failed or Contracts.ReleaseStates.Aborted => FailedOrAborted,
        _ => StillWaiting,
    };
}
