using MudBlazor;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Components;

/// <summary>A question a command asks before it runs.</summary>
public sealed record Confirmation(string Title, string Question, string Yes);

/// <summary>
/// How a page runs one user command: one at a time (a second click while one runs does nothing), after a
/// confirmation when it needs one, and the service's refusal (<see cref="AccessDeniedException"/>,
/// <see cref="LocalUserException"/>) shown — in a snackbar unless the page shows it itself — never thrown into the
/// circuit. The page disables its buttons while <see cref="Busy"/>.
/// </summary>
public sealed class UiCommand(IDialogService dialogs, ISnackbar snackbar)
{
    public bool Busy { get; private set; }

    /// <summary>Runs <paramref name="command"/>; true when it ran to the end, false when busy, declined or refused.</summary>
    public async Task<bool> RunAsync(Func<Task> command, Confirmation? confirm = null, Action<Exception>? refused = null) =>
        await RunAsync(async () =>
        {
            await command();
            return this;
        }, confirm, refused) is not null;

    /// <summary>Runs <paramref name="command"/> and returns its result; null when busy, declined or refused.</summary>
    public async Task<T?> RunAsync<T>(Func<Task<T>> command, Confirmation? confirm = null, Action<Exception>? refused = null) where T : class
    {
        // One click, one command: a double click lands here while the first still runs (and may be past its confirmation).
        if (Busy
            || confirm is not null && await dialogs.ShowMessageBoxAsync(confirm.Title, confirm.Question, yesText: confirm.Yes, cancelText: "Cancel") != true
            || Busy)
        {
            return null;
        }
        Busy = true;
        try
        {
            return await command();
        }
        catch (Exception error) when (error is AccessDeniedException or LocalUserException)
        {
            if (refused is not null)
            {
                refused(error);
            }
            else
            {
                snackbar.Add(error.Message, Severity.Error);
            }
            return null;
        }
        finally
        {
            Busy = false;
        }
    }
}
