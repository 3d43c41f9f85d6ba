using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Ledger;

/// <summary>
/// A target's applied keys in the host's state store, shared by every node: <c>applied/&lt;target&gt;/&lt;key&gt;</c> and
/// <c>updates/&lt;target&gt;/&lt;key&gt;</c>, each the JSON of an <see cref="AppliedKey"/>; a key too long for the store's
/// bound is named by its SHA-256. Calls on a target hold the lock <c>target/&lt;target&gt;</c> across nodes, so a node that
/// re-issues a key waits for the node still running it, then finds it.
/// </summary>
internal sealed class StoreAppliedKeys(IPluginStateStore store, IPluginLockProvider? locks, string targetName) : IAppliedKeys
{
    /// <summary>The longest target name the store's keys have room for (with a kind and a hashed key).</summary>
    public const int MaxTargetNameLength = PluginStateLimits.MaxKeyLength - 80;

    public async Task<IAsyncDisposable?> LockAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        locks is null ? null : await locks.AcquireAsync("target/" + targetName, timeout, cancellationToken);

    public Task<AppliedKey?> FindAsync(string key, CancellationToken cancellationToken) => ReadAsync(StateKey("applied", key), cancellationToken);

    public Task<AppliedKey?> FindCodeUpdateAsync(string key, CancellationToken cancellationToken) => ReadAsync(StateKey("updates", key), cancellationToken);

    public Task AddAsync(AppliedKey entry, CancellationToken cancellationToken) =>
        store.SetAsync(StateKey(entry.CodeSha256 is null ? "applied" : "updates", entry.Key), JsonSerializer.SerializeToUtf8Bytes(entry), cancellationToken);

    private async Task<AppliedKey?> ReadAsync(string stateKey, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(stateKey, cancellationToken) is not { } entry)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<AppliedKey>(entry.Value.Span);
        }
        catch (JsonException)
        {
            // Not this driver's writing: treat the key as not applied, so the call runs and overwrites it.
            return null;
        }
    }

    private string StateKey(string kind, string key)
    {
        var stateKey = kind + "/" + targetName + "/" + key;
        // Surrogates are refused even when paired: simpler than the store's rule, and hashing is always allowed.
        return stateKey.Length <= PluginStateLimits.MaxKeyLength && !key.Any(c => char.IsControl(c) || char.IsSurrogate(c))
            ? stateKey
            : kind + "/" + targetName + "/#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }
}
