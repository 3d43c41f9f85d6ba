using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// Hands a circuit's <see cref="CurrentActor"/> the user of the circuit's <see cref="AuthenticationStateProvider"/> as the
/// circuit opens (before its components render) and whenever that state changes.
/// </summary>
internal sealed class CircuitActorHandler(AuthenticationStateProvider authentication, CurrentActor actor) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnChanged;
        actor.SetCircuitUser((await authentication.GetAuthenticationStateAsync()).User);
    }

    public void Dispose() => authentication.AuthenticationStateChanged -= OnChanged;

    private async void OnChanged(Task<AuthenticationState> state)
    {
        try
        {
            actor.SetCircuitUser((await state).User);
        }
        catch (InvalidOperationException)
        {
            // A state that cannot be read signs nobody in.
            actor.SetCircuitUser(null);
        }
    }
}
