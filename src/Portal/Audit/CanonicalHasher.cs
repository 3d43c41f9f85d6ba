using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// Builds the canonical bytes of one chained row and hashes them with SHA-256. The encoding is unambiguous without
/// any escaping: a domain tag (so a journal row can never pass for an audit row), the previous row's hash, then every
/// field as a 4-byte big-endian length and its UTF-8 bytes (length <c>0xFFFFFFFF</c> for null), integers as 8 bytes
/// big-endian. Text is hashed exactly as stored (JSON as the text the writer inserted, never re-serialised), so the
/// verifier needs nothing but the row. One instance reuses its buffer and its SHA-256 context: not thread-safe, one per
/// writer or verifier. Reusing the context matters: on Linux every one-shot hash creates and frees an OpenSSL context,
/// which costs more than hashing a journal row's few hundred bytes.
/// </summary>
public sealed class CanonicalHasher : IDisposable
{
    public const int HashSize = 32;

    private const uint NullLength = uint.MaxValue;

    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = new byte[1024];
    private int _length;

    /// <summary>The hash of nothing before the first row of a chain: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashSize];

    public CanonicalHasher Begin(string tag, ReadOnlySpan<byte> previousHash)
    {
        _length = 0;
        Text(tag);
        Ensure(HashSize);
        // A row without a previous hash (a forged insert) hashes as genesis; its prev-hash link fails anyway.
        if (previousHash.Length == HashSize)
        {
            previousHash.CopyTo(_buffer.AsSpan(_length));
        }
        else
        {
            _buffer.AsSpan(_length, HashSize).Clear();
        }
        _length += HashSize;
        return this;
    }

    public CanonicalHasher Text(string? value)
    {
        if (value is null)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), NullLength);
            _length += 4;
            return this;
        }
        Ensure(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var written = Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length + 4));
        BinaryPrimitives.WriteUInt32BigEndian(_buffer.AsSpan(_length), (uint)written);
        _length += 4 + written;
        return this;
    }

    public CanonicalHasher Integer(long value)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64BigEndian(_buffer.AsSpan(_length), value);
        _length += 8;
        return this;
    }

    /// <summary>Hashes what was added since <see cref="Begin"/> into <paramref name="destination"/> (32 bytes).</summary>
    public void HashInto(Span<byte> destination)
    {
        _sha256.AppendData(_buffer.AsSpan(0, _length));
        _sha256.GetHashAndReset(destination);
    }

    public byte[] Hash()
    {
        var hash = new byte[HashSize];
        HashInto(hash);
        return hash;
    }

    public void Dispose() => _sha256.Dispose();

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
