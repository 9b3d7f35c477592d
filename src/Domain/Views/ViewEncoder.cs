using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Convergence.Domain.Views;

/// <summary>
/// Writes the canonical encoding of views into a hash through a buffer, so a view of a million
/// entries costs a few hundred large hash updates instead of millions of tiny ones.
/// </summary>
internal sealed class ViewEncoder : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly byte[] _buffer = new byte[BufferSize];
    private int _used;

    public void WriteByte(byte value)
    {
        if (_used == BufferSize) Flush();
        _buffer[_used++] = value;
    }

    public void WriteInt32(int value)
    {
        if (_used + 4 > BufferSize) Flush();
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(_used), value);
        _used += 4;
    }

    public void WriteInt64(long value)
    {
        if (_used + 8 > BufferSize) Flush();
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(_used), value);
        _used += 8;
    }

    /// <summary>The UTF-16 code units themselves (see <see cref="ViewValue.AppendEncoding"/> for why not UTF-8).</summary>
    public void WriteChars(ReadOnlySpan<char> text)
    {
        var bytes = MemoryMarshal.AsBytes(text);
        while (bytes.Length > 0)
        {
            if (_used == BufferSize) Flush();
            var take = Math.Min(bytes.Length, BufferSize - _used);
            bytes[..take].CopyTo(_buffer.AsSpan(_used));
            _used += take;
            bytes = bytes[take..];
        }
    }

    public string HexDigest()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose() => _hash.Dispose();

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _used);
        _used = 0;
    }
}
