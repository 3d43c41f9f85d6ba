namespace PortalRelease.Portal.Plugins;

/// <summary>Thrown by an <see cref="IPluginLoader"/> when a plugin's code cannot be used; the message is shown to operators.</summary>
public sealed class PluginLoadException : Exception
{
    public PluginLoadException()
    {
    }

    public PluginLoadException(string message) : base(message)
    {
    }

    public PluginLoadException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
