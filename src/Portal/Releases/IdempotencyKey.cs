namespace PortalRelease.Portal.Releases;

/// <summary>
/// A caller's key for one release creation (IETF httpapi "Idempotency-Key"): an opaque string of 1 to
/// <see cref="MaxLength"/> printable ASCII characters. Keys are scoped to the acting user: the same key from two users
/// is two keys.
/// </summary>
public sealed record IdempotencyKey
{
    public const int MaxLength = 255;

    private IdempotencyKey(string value) => Value = value;

    public string Value { get; }

    /// <summary>A fresh random key, as the wizard makes for each session.</summary>
    public static IdempotencyKey New() => new(Guid.NewGuid().ToString("N"));

    /// <summary>The key, or null with <paramref name="error"/> saying what is wrong (never echoing the value).</summary>
    public static IdempotencyKey? Parse(string value, out string? error)
    {
        var bad = value.AsSpan().IndexOfAnyExceptInRange(' ', '~');
        error = value.Length is 0 or > MaxLength ? $"must be 1 to {MaxLength} characters; got {value.Length}."
            : bad >= 0 ? $"must be printable ASCII; character {bad + 1} is not."
            : string.IsNullOrWhiteSpace(value) ? "must not be blank."
            : null;
        return error is null ? new IdempotencyKey(value) : null;
    }

    public override string ToString() => Value;
}
