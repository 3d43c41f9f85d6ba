using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// Wraps the portal's <see cref="ILoggerFactory"/> so every logger it hands out redacts <see cref="KnownSecrets"/>
/// from each record before any provider sees it: console, OTLP, or one a test or operator added later. Decorating
/// the factory rather than each provider is what makes "later" safe.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

/// <summary>Redacts the formatted message, every structured value, the exception and scope values of one category.</summary>
internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => state switch
    {
        string text => inner.BeginScope(KnownSecrets.Redact(text)),
        IReadOnlyList<KeyValuePair<string, object?>> pairs when RedactedState.Needed(pairs) => inner.BeginScope(RedactedState.Of(pairs, null)),
        _ => inner.BeginScope(state),
    };

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }
        var message = formatter(state, exception);
        var redactedMessage = KnownSecrets.Redact(message);
        var redactedException = RedactedException.Of(exception);
        var pairs = state as IReadOnlyList<KeyValuePair<string, object?>>;
        if (ReferenceEquals(redactedMessage, message) && ReferenceEquals(redactedException, exception) && (pairs is null || !RedactedState.Needed(pairs)))
        {
            // Nothing secret in it: pass the original through, so providers keep their fast paths.
            inner.Log(logLevel, eventId, state, exception, formatter);
            return;
        }
        var redacted = RedactedState.Of(pairs ?? [], redactedMessage);
        inner.Log(logLevel, eventId, redacted, redactedException, static (s, _) => s.ToString());
    }
}
