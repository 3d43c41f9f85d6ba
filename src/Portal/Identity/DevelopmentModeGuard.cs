using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// The second half of <see cref="AuthOptionsValidator"/>: once the server has bound, checks the addresses it actually
/// listens on (code can bind where no setting says) and stops the start if development sign-in is reachable from afar.
/// </summary>
internal sealed class DevelopmentModeGuard(IServiceProvider services, IOptions<AuthOptions> options) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        // An in-memory test server has no addresses: nothing listens.
        var bound = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = bound.Where(a => !ListenAddresses.IsLoopback(a)).ToList();
        if (options.Value.Mode == AuthMode.Development && exposed.Count > 0)
        {
            throw new InvalidOperationException(AuthOptionsValidator.DevelopmentRefusal(string.Join(", ", exposed)));
        }
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
