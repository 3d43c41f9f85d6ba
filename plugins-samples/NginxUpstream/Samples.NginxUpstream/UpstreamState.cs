using System.Collections.Concurrent;
using System.Text.Json;

namespace Samples.NginxUpstream;

/// <summary>What a target routes now, and every idempotency key already done.</summary>
internal sealed record UpstreamState
{
    public string? Stable { get; init; }

    public string? Canary { get; init; }

    public int CanaryWeight { get; init; }

    public IReadOnlyList<string> Keys { get; init; } = [];
}

/// <summary>
/// Keeps each target's <see cref="UpstreamState"/> as a JSON file in the plugin's data directory (written to a temporary
/// file and renamed, so a crash leaves the old or the new state, never half of one), and one lock per target.
/// </summary>
internal sealed class UpstreamStateStore(string directory)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public SemaphoreSlim LockFor(string target) => _locks.GetOrAdd(target, _ => new SemaphoreSlim(1, 1));

    public UpstreamState Load(string target)
    {
        var path = PathFor(target);
        return File.Exists(path) ? JsonSerializer.Deserialize<UpstreamState>(File.ReadAllText(path)) ?? new UpstreamState() : new UpstreamState();
    }

    public void Save(string target, UpstreamState state)
    {
        Directory.CreateDirectory(directory);
        AtomicFile.Write(PathFor(target), JsonSerializer.Serialize(state));
    }

    // Target names are the operator's; keep only characters that are safe in a file name.
    private string PathFor(string target) =>
        Path.Combine(directory, new string(target.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray()) + ".upstream.json");
}

/// <summary>Replaces a file's content all at once.</summary>
internal static class AtomicFile
{
    public static void Write(string path, string content)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
