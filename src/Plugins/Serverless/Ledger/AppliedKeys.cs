using System.Text;
using System.Text.Json;

namespace PortalRelease.Plugins.Serverless.Ledger;

/// <summary>One idempotency key the driver has carried out, and what it did.</summary>
internal sealed record AppliedKey(string Key, DateTimeOffset At, string Detail);

/// <summary>
/// The idempotency keys a target has applied, <c>&lt;DataDirectory&gt;/&lt;target&gt;.lambda-keys.jsonl</c>: one JSON object per
/// line, flushed to disk before the call returns. A key is written only after Lambda confirmed the change, so a call
/// killed half-way is re-issued and finds the function as far as it got (each step checks before it acts).
/// Not thread-safe: the driver holds the target's gate around every use.
/// </summary>
internal sealed class AppliedKeys
{
    public const string FileSuffix = ".lambda-keys.jsonl";

    private readonly string _directory;
    private readonly string _path;
    private Dictionary<string, AppliedKey>? _keys;

    public AppliedKeys(string directory, string targetName)
    {
        _directory = directory;
        _path = Path.Combine(directory, targetName + FileSuffix);
    }

    public AppliedKey? Find(string key)
    {
        _keys ??= Load();
        return _keys.GetValueOrDefault(key);
    }

    public void Add(AppliedKey entry)
    {
        _keys ??= Load();
        Directory.CreateDirectory(_directory);
        var line = JsonSerializer.Serialize(entry) + "\n";
        using (var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read))
        {
            // A line torn by a crash is skipped on load; a leading newline keeps the next one whole.
            if (stream.Length > 0)
            {
                stream.WriteByte((byte)'\n');
            }
            stream.Write(Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
        _keys[entry.Key] = entry;
    }

    private Dictionary<string, AppliedKey> Load()
    {
        var keys = new Dictionary<string, AppliedKey>(StringComparer.Ordinal);
        if (!File.Exists(_path))
        {
            return keys;
        }
        foreach (var line in File.ReadAllLines(_path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }
            try
            {
                if (JsonSerializer.Deserialize<AppliedKey>(line) is { Key.Length: > 0 } entry)
                {
                    keys.TryAdd(entry.Key, entry);
                }
            }
            catch (JsonException)
            {
                // A torn last line: its call never returned, so the portal re-issues it.
            }
        }
        return keys;
    }
}
