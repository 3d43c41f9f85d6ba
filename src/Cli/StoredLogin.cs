using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Cli;

/// <summary>
/// What <c>portal login</c> keeps: the portal's address and its API token, in <c>$XDG_CONFIG_HOME/portal/config.json</c>
/// (else <c>~/.config/portal/config.json</c>). The token is a credential: the folder is 0700 and the file 0600 from the
/// moment it exists (created with that mode, then renamed into place), so no other user can read it even briefly.
/// </summary>
public sealed record StoredLogin(string Url, string Token)
{
    private const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The config file's path; the folder need not exist.</summary>
    public static string FilePath()
    {
        // XDG: a relative XDG_CONFIG_HOME is invalid and ignored.
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var root = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(root, "portal", "config.json");
    }

    /// <summary>The stored login, or null when there is none; a file that cannot be read throws <see cref="InvalidDataException"/>.</summary>
    public static StoredLogin? Read()
    {
        var path = FilePath();
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            var login = JsonSerializer.Deserialize<StoredLogin>(File.ReadAllText(path), ContractJson.Options);
            return login is { Url.Length: > 0, Token.Length: > 0 } ? login : throw new InvalidDataException($"{path} holds no url and token.");
        }
        catch (Exception error) when (error is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"cannot read {path}: {error.Message} Run 'portal login' again.", error);
        }
    }

    /// <summary>
    /// The stored file's mode (octal) when users other than its owner may read or write it (copied with a loose umask,
    /// say), else null. Like ssh with a private key, the tool says so; unlike ssh it goes on, the token being revocable.
    /// </summary>
    public static string? LooseMode()
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(FilePath());
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable since it was read: nothing to warn about.
            return null;
        }
        const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;
        return (mode & Others) == 0 ? null : Convert.ToString((int)mode & 0x1ff, 8).PadLeft(3, '0');
    }

    /// <summary>Writes this login, replacing any other; returns the file's path.</summary>
    public string Write()
    {
        var path = FilePath();
        var folder = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(folder, $".config.json.{Environment.ProcessId}.tmp");
        if (OperatingSystem.IsWindows())
        {
            // The profile folder is the user's own already (ACLs); there are no mode bits to set.
            Directory.CreateDirectory(folder);
            File.WriteAllText(temp, JsonSerializer.Serialize(this, ContractJson.Options));
        }
        else
        {
            Directory.CreateDirectory(folder, FolderMode);
            // An existing folder keeps its mode on CreateDirectory: tighten it, it is ours.
            File.SetUnixFileMode(folder, FolderMode);
            File.Delete(temp);
            var options = new FileStreamOptions { Mode = System.IO.FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = FileMode };
            using (var stream = new FileStream(temp, options))
            {
                JsonSerializer.Serialize(stream, this, ContractJson.Options);
            }
        }
        File.Move(temp, path, overwrite: true);
        return path;
    }

    /// <summary>Removes the stored login; false when there was none.</summary>
    public static bool Remove()
    {
        var path = FilePath();
        if (!File.Exists(path))
        {
            return false;
        }
        File.Delete(path);
        return true;
    }
}
