namespace PortalRelease.Sdk;

/// <summary>Thrown by drivers and metric sources to report a failure the portal should show to people.</summary>
public class DriverException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public DriverException()
    {
    }

    /// <summary>Creates an exception.</summary>
    /// <param name="message">What failed, in words an operator understands. Must not contain secrets.</param>
    public DriverException(string message) : base(message)
    {
    }

    /// <summary>Creates an exception wrapping its cause.</summary>
    /// <param name="message">What failed, in words an operator understands. Must not contain secrets.</param>
    /// <param name="innerException">The cause.</param>
    public DriverException(string message, Exception innerException) : base(message, innerException)
    {
    }

    /// <summary>Whether retrying the same call later may succeed (throttling, timeouts, conflicts).</summary>
    public bool IsTransient { get; init; }
}
