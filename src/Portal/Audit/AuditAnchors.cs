using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Audit;

/// <summary>What the anchor file holds: the newest good anchor, and every line that is not one (with its line number).</summary>
public sealed record AnchorFileReport(string File, int Lines, AnchorLine? Latest, IReadOnlyList<string> Problems);

/// <summary>
/// Anchors the chains outside the database: appends a signed line with each chain's head to
/// <c>data/audit-anchors.log</c> and writes the same line to the log (shipped elsewhere, a second copy). A database cut
/// short or replaced by an older copy no longer reaches the anchored rows; a chain rewritten and re-hashed no longer
/// has the anchored hash.
/// </summary>
public sealed class AuditAnchors(IEnumerable<IChainStore> stores, AnchorKey key, PortalPaths paths, TimeProvider time, ILogger<AuditAnchors> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _lastHeads;

    public string File => Path.Combine(paths.DataDirectory, "audit-anchors.log");

    /// <summary>Appends an anchor unless the heads have not moved since the last one; returns the line written, if any.</summary>
    public async Task<AnchorLine?> AnchorAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var heads = new SortedDictionary<string, AnchorHead>(StringComparer.Ordinal);
            foreach (var store in stores)
            {
                var head = await store.HeadAsync(cancellationToken);
                heads[store.Table] = head is null ? new AnchorHead(0, Convert.ToHexStringLower(CanonicalHasher.Genesis)) : new AnchorHead(head.Id, Convert.ToHexStringLower(head.Hash));
            }
            var summary = string.Join(";", heads.Select(h => $"{h.Key}={h.Value.Id}:{h.Value.Hash}"));
            if (summary == _lastHeads)
            {
                return null;
            }
            var line = new AnchorLine(time.GetUtcNow(), key.Fingerprint, heads);
            var text = line.Format(key);
            OwnerOnly.CreateFile(File);
            await System.IO.File.AppendAllTextAsync(File, text + "\n", cancellationToken);
            _lastHeads = summary;
            logger.LogInformation("Audit anchor {Anchor}", text);
            return line;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<AnchorFileReport> ReadAsync(CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(File))
        {
            return new AnchorFileReport(File, 0, null, []);
        }
        var lines = await System.IO.File.ReadAllLinesAsync(File, cancellationToken);
        AnchorLine? latest = null;
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }
            var (line, problem) = AnchorLine.Parse(lines[i], key);
            if (line is null)
            {
                problems.Add($"line {i + 1}: {problem}");
            }
            else if (latest is null || line.At >= latest.At)
            {
                latest = line;
            }
        }
        return new AnchorFileReport(File, lines.Length, latest, problems);
    }

    public void Dispose() => _gate.Dispose();
}
