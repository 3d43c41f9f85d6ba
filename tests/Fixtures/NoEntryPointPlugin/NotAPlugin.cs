namespace PortalRelease.Fixtures.NoEntryPointPlugin;

/// <summary>A public class that is not an IPortalPlugin: the assembly has no entry point.</summary>
public sealed class NotAPlugin
{
    public string Name => "not a plugin";
}
