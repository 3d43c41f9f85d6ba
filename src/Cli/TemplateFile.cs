using System.Text;
using PortalRelease.Contracts;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Cli;

/// <summary>
/// A template file read as <c>POST /api/templates</c> reads its body: at most <see cref="LimitsOptions.TemplateBytes"/>
/// bytes (the portal's default), strict UTF-8 (bad bytes are an error, never U+FFFD), a byte order mark dropped.
/// </summary>
public static class TemplateFile
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The most bytes a template file may hold: the portal's default cap on a template import.</summary>
    public static int MaxBytes { get; } = new LimitsOptions().TemplateBytes;

    /// <summary>The file's text, or null and the one error (at line 1, column 1) that says why it cannot be read.</summary>
    public static string? Read(string path, out TemplateErrorView? error)
    {
        error = null;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.CanSeek && stream.Length > MaxBytes)
            {
                error = TooLarge($"{stream.Length} bytes");
                return null;
            }
            // Read one byte past the cap: a file that grows, or a pipe, is bounded all the same.
            var bytes = new byte[MaxBytes + 1];
            var read = 0;
            int n;
            while (read < bytes.Length && (n = stream.Read(bytes, read, bytes.Length - read)) > 0)
            {
                read += n;
            }
            if (read > MaxBytes)
            {
                error = TooLarge($"more than {MaxBytes} bytes");
                return null;
            }
            using var reader = new StreamReader(new MemoryStream(bytes, 0, read), StrictUtf8);
            return reader.ReadToEnd();
        }
        catch (DecoderFallbackException)
        {
            error = Whole("the file is not valid UTF-8 text: save it as UTF-8");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            error = Whole("no such file");
        }
        catch (UnauthorizedAccessException)
        {
            error = Whole("cannot read the file: permission denied, or it is a directory");
        }
        catch (IOException ex)
        {
            error = Whole($"cannot read the file: {ex.Message}");
        }
        return null;
    }

    private static TemplateErrorView TooLarge(string size) =>
        Whole($"the file is {size}; a template is at most {MaxBytes} bytes ({LimitsOptions.Section}:{nameof(LimitsOptions.TemplateBytes)})");

    private static TemplateErrorView Whole(string message) => new(1, 1, "", message);
}
