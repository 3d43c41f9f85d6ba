namespace PortalRelease.Portal.Tests.Api;

/// <summary>
/// A fresh in-memory portal for each test (xunit creates the test class once per test), disposed after it.
/// </summary>
public abstract class PortalTest : IAsyncLifetime
{
    private protected TestPortal Portal { get; private set; } = null!;

    private protected TestClient Client => Portal.Client;

    public Task InitializeAsync()
    {
        Portal = new TestPortal();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Portal.DisposeAsync();
}
