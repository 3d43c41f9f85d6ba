using System.Text;
using System.Text.Json;

namespace PortalRelease.Plugins.Serverless.Ledger;

/// <summary>
/// One line of a target's key file: a key the driver carried out (<see cref="CodeSha256"/> null), or a code update a
/// key started (<see cref="CodeSha256"/> is the new code's hash), so a re-issued call waits for that update instead of
/// starting another.
/// </summary>
internal sealed record AppliedKey(string Key, DateTimeOffset At, string Detail, string? CodeSha256 = null);

/// <summary>
/// The idempotency keys a target has applied, <c>&lt;DataDirectory&gt;/&lt;target&gt;.lambda-keys.jsonl</c>: one JSON object per
/// line, flushed to disk before the call returns. A key is written as applied only after Lambda confirmed the change,
/// so a call killed half-way is re-issued and finds the function as far as it got.
/// Not thread-safe: the driver holds the target's gate around every use.
/// </summary>
internal sealed class AppliedKeys : IAppliedKeys
{
    public const string FileSuffix = ".lambda-keys.jsonl";

    private readonly string _directory;
    private readonly string _path;
    private (Dictionary<string, AppliedKey> Applied, Dictionary<string, AppliedKey> Updates)? _keys;

    public AppliedKeys(string directory, string targetName)
    {
        _directory = directory;
        _path = Path.Combine(directory, targetName + FileSuffix);
    }

    // One process, one writer: the driver's in-process gate is the only lock there is.
    public Task<IAsyncDisposable?> LockAsync(TimeSpan timeout, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

    public Task<AppliedKey?> FindAsync(string key, CancellationToken cancellationToken) => Task.FromResult(Find(key));

    public Task<AppliedKey?> FindCodeUpdateAsync(string key, CancellationToken cancellationToken) => Task.FromResult(FindCodeUpdate(key));

    public Task AddAsync(AppliedKey entry, CancellationToken cancellationToken)
    {
        Add(entry);
        return Task.CompletedTask;
    }

    /// <summary>The record of a key that was applied.</summary>
    public AppliedKey? Find(string key) => Keys().Applied.GetValueOrDefault(key);

    /// <summary>The code update a key started, if any.</summary>
    public AppliedKey? FindCodeUpdate(string key) => Keys().Updates.GetValueOrDefault(key);

    public void Add(AppliedKey entry)
    {
        var keys = Keys();
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
        (entry.CodeSha256 is null ? keys.Applied : keys.Updates)[entry.Key] = entry;
    }

    private (Dictionary<string, AppliedKey> Applied, Dictionary<string, AppliedKey> Updates) Keys() => _keys ??= Load();

    private (Dictionary<string, AppliedKey>, Dictionary<string, AppliedKey>) Load()
    {
        var applied = new Dictionary<string, AppliedKey>(StringComparer.Ordinal);
        var updates = new Dictionary<string, AppliedKey>(StringComparer.Ordinal);
        if (!File.Exists(_path))
        {
            return (applied, updates);
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
                    (entry.CodeSha256 is null ? applied : updates)[entry.Key] = entry;
                }
            }
            catch (JsonException)
            {
                // A torn last line: its call never returned, so the portal re-issues it.
            }
        }
        return (applied, updates);
    }
}
