namespace PortalRelease.Sdk;

/// <summary>
/// The ABI version of this SDK. A plugin's manifest names the ABI it was built against; the portal
/// refuses (status Incompatible) a plugin whose ABI differs from its own. Bumped on every breaking change
/// to the public API tracked in <c>PublicAPI.Shipped.txt</c>.
/// </summary>
public static class SdkAbi
{
    /// <summary>The ABI version implemented by this build of the SDK.</summary>
    public const int Version = 1;
}
