using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PortalRelease.Plugins.Sandbox.Ledger;

/// <summary>
/// A target's append-only action ledger, <c>&lt;DataDirectory&gt;/&lt;target&gt;.actions.jsonl</c>: one JSON object
/// per line, each flushed to disk before the call that wrote it returns, so it survives the portal being killed.
/// The ledger is the fleet's only state. Not thread-safe: the owning fleet serialises access.
/// </summary>
internal sealed class SandboxLedger : ITargetLedger
{
    public const string FileSuffix = ".actions.jsonl";

    // A crash during a write can leave a line without its newline; the next append must start a fresh line.
    private bool _needsLeadingNewline;

    public SandboxLedger(string dataDirectory, string targetName)
    {
        DataDirectory = dataDirectory;
        FilePath = Path.Combine(dataDirectory, targetName + FileSuffix);
    }

    public string DataDirectory { get; }

    public string FilePath { get; }

    public string Location => FilePath;

    // This process is the file's one writer: after the first read, memory is as far as the file.
    private bool _read;

    public Task<IAsyncDisposable?> LockAsync(CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

    public Task<IReadOnlyList<(long Index, LedgerEntry? Entry)>> ReadAfterAsync(long known, CancellationToken cancellationToken)
    {
        if (_read)
        {
            return Task.FromResult<IReadOnlyList<(long, LedgerEntry?)>>([]);
        }
        var entries = ReadAll();
        _read = true;
        return Task.FromResult<IReadOnlyList<(long, LedgerEntry?)>>([.. entries.Select((e, i) => ((long)i, (LedgerEntry?)e))]);
    }

    public Task<bool> TryAppendAsync(long index, LedgerEntry entry, CancellationToken cancellationToken)
    {
        Append(entry);
        return Task.FromResult(true);
    }

    /// <summary>Reads every complete, well-formed line in order. A torn line left by a crash mid-write is skipped:
    /// the call that wrote it never returned, so the portal re-issues it with the same key.</summary>
    public List<LedgerEntry> ReadAll()
    {
        var entries = new List<LedgerEntry>();
        if (!File.Exists(FilePath))
        {
            return entries;
        }

        string text;
        using (var stream = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        using (var reader = new StreamReader(stream, Encoding.UTF8))
        {
            text = reader.ReadToEnd();
        }

        _needsLeadingNewline = text.Length > 0 && text[^1] != '\n';
        foreach (var line in text.Split('\n'))
        {
            if (!string.IsNullOrWhiteSpace(line) && TryParse(line, out var entry))
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    /// <summary>Appends one line and forces it to disk.</summary>
    public void Append(LedgerEntry entry)
    {
        Directory.CreateDirectory(DataDirectory);
        var bytes = Serialize(entry, _needsLeadingNewline);
        using (var stream = new FileStream(FilePath, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        _needsLeadingNewline = false;
    }

    /// <summary>One entry as the JSON object of one ledger line (no newline): the file's line and the store's value alike.</summary>
    internal static byte[] ToJson(LedgerEntry entry)
    {
        var line = Serialize(entry, leadingNewline: false);
        return line[..^1];
    }

    private static byte[] Serialize(LedgerEntry entry, bool leadingNewline)
    {
        using var buffer = new MemoryStream();
        if (leadingNewline)
        {
            buffer.WriteByte((byte)'\n');
        }

        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("at", entry.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteString("key", entry.Key);
            writer.WriteString("action", entry.Action);
            writer.WriteString("releaseId", entry.ReleaseId);
            WriteNullable(writer, "version", entry.Version);
            WriteNullable(writer, "cohort", entry.Cohort);
            if (entry.Weight is { } weight)
            {
                writer.WriteNumber("weight", weight);
            }
            else
            {
                writer.WriteNull("weight");
            }

            WriteNullable(writer, "toVersion", entry.ToVersion);
            if (entry.Strategy is not null)
            {
                writer.WriteString("strategy", entry.Strategy);
            }

            if (entry.Mode is not null)
            {
                writer.WriteString("mode", entry.Mode);
            }

            writer.WriteString("outcome", entry.Outcome);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    internal static bool TryParse(string line, out LedgerEntry entry)
    {
        entry = null!;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("at", out var at) || !at.TryGetDateTimeOffset(out var atValue)
                || GetString(root, "key") is not { } key
                || GetString(root, "action") is not { } action
                || GetString(root, "outcome") is not { } outcome)
            {
                return false;
            }

            entry = new LedgerEntry
            {
                At = atValue,
                Key = key,
                Action = action,
                ReleaseId = GetString(root, "releaseId") ?? "",
                Version = GetString(root, "version"),
                Cohort = GetString(root, "cohort"),
                Weight = root.TryGetProperty("weight", out var w) && w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var weight) ? weight : null,
                ToVersion = GetString(root, "toVersion"),
                Strategy = GetString(root, "strategy"),
                Mode = GetString(root, "mode"),
                Outcome = outcome,
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? GetString(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
