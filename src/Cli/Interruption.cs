using System.Runtime.InteropServices;

namespace PortalRelease.Cli;

/// <summary>
/// Ctrl+C (SIGINT) and a CI cancel (SIGTERM): the command is cancelled, unwinds, and the process exits 130 or 143
/// (docs/ci.md). System.CommandLine's own handler is not used: when the command ends in time, it rethrows the
/// cancellation and its exception handler exits 1, a code the contract does not have. A second signal is not held
/// back, so a command that does not unwind can still be ended.
/// </summary>
public sealed class Interruption : IDisposable
{
    public const int SigIntExitCode = 130;
    public const int SigTermExitCode = 143;

    private readonly CancellationTokenSource _cancel;
    private readonly PosixSignalRegistration[] _registrations;
    private int _exitCode;

    public Interruption(CancellationToken outer)
    {
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Cancelled by the first signal (or the caller's token).</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>130 after SIGINT, 143 after SIGTERM, null when no signal came.</summary>
    public int? ExitCode => Volatile.Read(ref _exitCode) is var code and > 0 ? code : null;

    /// <summary>Says on standard error that the command was interrupted, and returns the signal's exit code.</summary>
    public static int Report(CliConsole console, int code)
    {
        // Whatever the command was doing when the signal came, the job was cancelled: the log says so, in one line.
        console.ErrorLine($"interrupted ({(code == SigIntExitCode ? "SIGINT" : "SIGTERM")}): the command stopped; a release it started goes on (portal release get ID).");
        return code;
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        var code = context.Signal == PosixSignal.SIGINT ? SigIntExitCode : SigTermExitCode;
        // The first signal: keep the process alive while the command unwinds; a later one terminates as usual.
        context.Cancel = Interlocked.CompareExchange(ref _exitCode, code, 0) == 0;
        _cancel.Cancel();
    }
}
