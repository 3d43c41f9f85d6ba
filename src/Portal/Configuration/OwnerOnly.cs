namespace PortalRelease.Portal.Configuration;

/// <summary>
/// Creates the portal's folders and files readable by the portal's user alone (0700 folders, 0600 files): the data
/// folder holds the database, the encrypted secrets and the keys that decrypt them. On Windows, where Unix modes do
/// not exist, folders inherit their parent's access rules.
/// </summary>
public static class OwnerOnly
{
    public const UnixFileMode FolderPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Any permission for the group or for others.</summary>
    public const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Creates the folder and any missing parents owner-only; an existing folder keeps its mode.</summary>
    public static DirectoryInfo CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return Directory.CreateDirectory(path);
        }
        // Directory.CreateDirectory(path, mode) gives the mode to the last folder only; missing parents get the default.
        var missing = new Stack<string>();
        for (var dir = Path.GetFullPath(path); !Directory.Exists(dir); dir = Path.GetDirectoryName(dir)!)
        {
            missing.Push(dir);
        }
        while (missing.TryPop(out var dir))
        {
            Directory.CreateDirectory(dir, FolderPermissions);
        }
        return new DirectoryInfo(path);
    }

    /// <summary>
    /// Creates an empty file owner-only unless it exists. SQLite gives the database's <c>-wal</c> and <c>-shm</c> files
    /// the database file's mode, so creating the database this way first makes all three owner-only.
    /// </summary>
    public static void CreateFile(string path)
    {
        if (File.Exists(path))
        {
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FilePermissions;
        }
        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another opener: its mode is its creator's business.
        }
    }

    /// <summary>Restricts an existing file to its owner (for files a library creates with the default mode).</summary>
    public static void Restrict(string path)
    {
        if (!OperatingSystem.IsWindows() && File.Exists(path))
        {
            File.SetUnixFileMode(path, FilePermissions);
        }
    }

    /// <summary>Whether the group or others have any permission on the path; <c>false</c> on Windows.</summary>
    public static bool IsOpenToOthers(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & GroupOrOthers) != 0;
}
