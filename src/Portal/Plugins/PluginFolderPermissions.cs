namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Warns when the plugins folder or a plugin folder is writable by its group or by everyone: whoever can write there
/// can replace code the portal runs (an allowed hash then refuses it, but in development mode it would load).
/// </summary>
internal static class PluginFolderPermissions
{
    private const UnixFileMode GroupOrOtherWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    public static void WarnIfOpen(string folder, ILogger logger)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            var mode = File.GetUnixFileMode(folder);
            if ((mode & GroupOrOtherWrite) != 0)
            {
                logger.LogWarning(
                    "{PluginFolder} is writable by its group or by others (mode {Mode}): anyone who can write there can replace plugin code. "
                    + "Make the plugins folder and its plugin folders owned by the portal's operator and writable by nobody else (e.g. chmod -R go-w), "
                    + "not even the portal's own user; see docs/operations.md",
                    folder, Convert.ToString((int)mode, 8));
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "The permissions of {PluginFolder} could not be read", folder);
        }
    }
}
