namespace PortalRelease.Sdk;

/// <summary>The bounds of <see cref="IPluginStateStore"/> keys, values and listings, and of <see cref="IPluginLockProvider"/> names.</summary>
public static class PluginStateLimits
{
    /// <summary>The longest key or lock name, in UTF-16 characters.</summary>
    public const int MaxKeyLength = 256;

    /// <summary>The largest value, in bytes (64 KiB): the store holds small records, not files.</summary>
    public const int MaxValueBytes = 64 * 1024;

    /// <summary>The most entries one <see cref="IPluginStateStore.ListAsync"/> call returns.</summary>
    public const int MaxListLimit = 1000;

    /// <summary>Why <paramref name="key"/> cannot be a key or lock name, or <c>null</c> when it can.</summary>
    /// <param name="key">The key or name.</param>
    internal static string? KeyProblem(string? key)
    {
        if (string.IsNullOrEmpty(key))
        {
            return "must not be empty";
        }
        if (key.Length > MaxKeyLength)
        {
            return $"is {key.Length} characters long; at most {MaxKeyLength} are allowed";
        }
        for (var i = 0; i < key.Length; i++)
        {
            var c = key[i];
            if (char.IsControl(c))
            {
                return $"has a control character at position {i}";
            }
            if (char.IsHighSurrogate(c))
            {
                // U+10FFFF is the upper bound of a prefix listing (every other key with the prefix sorts below it).
                if (i + 1 >= key.Length || !char.IsLowSurrogate(key[i + 1]) || char.ConvertToUtf32(c, key[i + 1]) == 0x10FFFF)
                {
                    return $"has an unpaired surrogate or U+10FFFF at position {i}";
                }
                i++;
            }
            else if (char.IsLowSurrogate(c))
            {
                return $"has an unpaired surrogate at position {i}";
            }
        }
        return null;
    }
}
