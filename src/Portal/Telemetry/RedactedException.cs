using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// Stands in for an exception whose text holds a known secret: the same type name, message and stack trace
/// (inner exceptions included, as <see cref="Exception.ToString"/> writes them), masked. Providers print an
/// exception through its message and <see cref="ToString"/>, so that is all a stand-in needs.
/// </summary>
public sealed class RedactedException : Exception
{
    private readonly string _text;

    private RedactedException(string typeName, string message, string text)
        : base(message)
    {
        OriginalType = typeName;
        _text = text;
    }

    /// <summary>The full name of the exception that was logged.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => null;

    public override string ToString() => _text;

    /// <summary><paramref name="exception"/> itself when its text holds no known secret, else a masked stand-in.</summary>
    public static Exception? Of(Exception? exception)
    {
        if (exception is null)
        {
            return null;
        }
        var text = exception.ToString();
        var masked = KnownSecrets.Redact(text);
        if (ReferenceEquals(masked, text))
        {
            return exception;
        }
        return new RedactedException(exception.GetType().FullName ?? exception.GetType().Name, KnownSecrets.Redact(exception.Message), masked);
    }
}
