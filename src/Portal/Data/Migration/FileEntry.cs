using System.Runtime.InteropServices;

namespace PortalRelease.Portal.Data.Migration;

/// <summary>
/// What a directory entry is, read without following it. .NET tells a symbolic link and a directory from a file but
/// not a named pipe or a device, and opening a pipe to read it blocks until someone writes to it; so on Linux the
/// entry's type comes from <c>statx(2)</c> with <c>AT_SYMLINK_NOFOLLOW</c>, whose buffer has one layout on every
/// architecture.
/// </summary>
internal static class FileEntry
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const ushort TypeMask = 0xF000;

    /// <summary>What the entry is in words ("a symbolic link", "a named pipe"…), or null for a regular file.</summary>
    public static string? NotRegular(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return new FileInfo(path).LinkTarget is not null ? "a symbolic link" : null;
        }
        // The path as the kernel takes it: UTF-8 bytes ending in a NUL.
        var native = System.Text.Encoding.UTF8.GetBytes(path + '\0');
        if (Statx(AtFdCwd, native, AtSymlinkNoFollow, StatxType, out var status) != 0)
        {
            throw new IOException($"statx failed with errno {Marshal.GetLastPInvokeError()}.");
        }
        return (status.Mode & TypeMask) switch
        {
            0x8000 => null,
            0xA000 => "a symbolic link",
            0x1000 => "a named pipe",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            0x4000 => "a directory",
            _ => "of an unknown kind",
        };
    }

    /// <summary>The head of <c>struct statx</c> (256 bytes in all): only the mode is read.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)]
        public ushort Mode;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, byte[] path, int flags, uint mask, out StatxBuffer buffer);
}
