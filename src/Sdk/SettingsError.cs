namespace PortalRelease.Sdk;

/// <summary>One problem with a target's settings.</summary>
public sealed class SettingsError
{
    /// <summary>A JSON pointer to the offending value, e.g. <c>/fault/errorRate</c>; empty for the whole object.</summary>
    public required string Path { get; init; }

    /// <summary>What is wrong, in words an operator understands.</summary>
    public required string Message { get; init; }
}
