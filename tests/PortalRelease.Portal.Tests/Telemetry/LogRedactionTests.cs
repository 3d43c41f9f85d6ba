using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Tests.Targets;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>Known secrets never reach a log provider, whoever wrote the line and however the secret got into it.</summary>
public sealed class LogRedactionTests
{
    private const string Canary = "log-canary-secret-5e81c";

    [Fact]
    public async Task CanarySecret_ThrownByADriverAndLoggedInMessagesValuesAndExceptions_NeverReachesTheLogs()
    {
        await using var portal = new TargetsPortal();
        await portal.CreateOkAsync(new
        {
            name = "leaky",
            kind = TargetsPortal.Kind,
            settings = new { endpoint = "https://leaky.example.test", failApply = true, failStatus = false },
            secrets = new { token = Canary },
        });
        await portal.Client.ImportTemplateAsync("""
            name: to-leaky
            stages:
              - name: only
                targets: [leaky]
                steps:
                  - setWeight: 10
            """);
        var id = await portal.Client.CreateReleaseAsync("to-leaky", "1.0.0");
        await portal.Client.WaitForEventsAsync(id, events => events.Any(e => e.Type == "ActionFailed"), "the careless driver's apply to fail");

        // What a plugin's exception or a careless line of code would log: the secret as a value, in the message, in an exception.
        var logger = portal.Services.GetRequiredService<ILogger<LogRedactionTests>>();
        var thrown = new DriverException($"Apply refused for token {Canary}.", new InvalidOperationException($"inner {Canary}"));
        logger.LogError(thrown, "Driver call on {Target} failed with {Token} and {Detail}", "leaky", Canary, new[] { "a", Canary });
        logger.LogWarning($"Interpolated straight into the message: {Canary}");
        portal.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Plugin.Careless").LogInformation("Bearer {Header}", "Bearer " + Canary);

        var lines = portal.Logs.Lines.ToList();
        Assert.All(lines, line => Assert.DoesNotContain(Canary, line, StringComparison.Ordinal));
        var error = Assert.Single(lines, l => l.Contains("Driver call on leaky failed", StringComparison.Ordinal));
        Assert.Contains($"with {KnownSecrets.Mask} and a, {KnownSecrets.Mask}", error, StringComparison.Ordinal);
        Assert.Contains($"Token={KnownSecrets.Mask}", error, StringComparison.Ordinal);
        // The exception keeps its type, message shape and inner exception, masked.
        Assert.Contains($"PortalRelease.Sdk.DriverException: Apply refused for token {KnownSecrets.Mask}.", error, StringComparison.Ordinal);
        Assert.Contains($"inner {KnownSecrets.Mask}", error, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains($"Interpolated straight into the message: {KnownSecrets.Mask}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"Bearer Bearer {KnownSecrets.Mask}", StringComparison.Ordinal));
    }

    [Fact]
    public void Scopes_AndUnchangedRecords_PassThroughTheRedactingLogger()
    {
        KnownSecrets.Add(["scope-canary-7d1e0"]);
        var inner = new ScopeRecorder();
        var logger = new RedactingLogger(inner);

        using (logger.BeginScope("request with scope-canary-7d1e0"))
        using (logger.BeginScope(new Dictionary<string, object?> { ["Token"] = "scope-canary-7d1e0", ["Count"] = 3 }.ToList()))
        {
            logger.LogInformation("nothing secret here {Value}", 42);
        }

        Assert.Equal("request with [secret]", inner.Scopes[0]);
        var pairs = Assert.IsAssignableFrom<IReadOnlyList<KeyValuePair<string, object?>>>(inner.Scopes[1]);
        Assert.Equal("[secret]", pairs.Single(p => p.Key == "Token").Value);
        Assert.Equal(3, pairs.Single(p => p.Key == "Count").Value);
        // A record with nothing to mask reaches the provider as it was logged.
        Assert.IsNotType<RedactedState>(inner.States.Single());
    }

    private sealed class ScopeRecorder : ILogger
    {
        public List<object> Scopes { get; } = [];

        public List<object> States { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            Scopes.Add(state);
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            States.Add(state!);
    }
}
