using System.Globalization;
using System.Text;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Ledger;

/// <summary>
/// A target's ledger in the host's state store, shared by every node: one entry per action under
/// <c>ledger/&lt;target&gt;/&lt;index:D10&gt;</c> (the JSON object of a file ledger line), appended under the lock
/// <c>target/&lt;target&gt;</c>. Exactly-once rests on the store, not the lock: an index is written with add-if-absent only
/// after every lower index was read, so of two writers that both think index n is free (a lock lost with its node's
/// connection), one fails, reads again and finds the other's key.
/// </summary>
internal sealed class StoreLedger(IPluginStateStore store, IPluginLockProvider? locks, string targetName) : ITargetLedger
{
    /// <summary>How long a call waits for another node's append to the same target.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private const int Page = PluginStateLimits.MaxListLimit;

    private readonly string _prefix = Prefix(targetName);

    public string Location => $"the portal's plugin state ({_prefix}…)";

    /// <summary>The keys' common start for a target's entries.</summary>
    public static string Prefix(string targetName) => "ledger/" + targetName + "/";

    public async Task<IAsyncDisposable?> LockAsync(CancellationToken cancellationToken) =>
        locks is null ? null : await locks.AcquireAsync("target/" + targetName, LockTimeout, cancellationToken);

    public async Task<IReadOnlyList<(long Index, LedgerEntry? Entry)>> ReadAfterAsync(long known, CancellationToken cancellationToken)
    {
        var entries = new List<(long, LedgerEntry?)>();
        var after = known == 0 ? null : Key(known - 1);
        while (true)
        {
            var page = await store.ListAsync(_prefix, after, Page, cancellationToken);
            foreach (var item in page)
            {
                if (!long.TryParse(item.Key.AsSpan(_prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    continue;
                }
                entries.Add((index, SandboxLedger.TryParse(Encoding.UTF8.GetString(item.Value.Span), out var entry) ? entry : null));
            }
            if (page.Count < Page)
            {
                return entries;
            }
            after = page[^1].Key;
        }
    }

    public async Task<bool> TryAppendAsync(long index, LedgerEntry entry, CancellationToken cancellationToken) =>
        await store.TryAddAsync(Key(index), SandboxLedger.ToJson(entry), cancellationToken) is not null;

    private string Key(long index) => _prefix + index.ToString("D10", CultureInfo.InvariantCulture);
}
