using System.Buffers.Binary;
using System.Security.Cryptography;
using Crible.Model;

namespace Crible.Server.Storage;

/// <summary>Encrypts a sample as it arrives, chunk by chunk, and computes its digests.</summary>
public sealed class SampleVaultWriter : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly AesGcm _aes;
    private readonly MultiHasher _hasher = new();
    private readonly byte[] _pending = new byte[SampleVault.Chunk];
    private readonly string _path;
    private int _pendingLength;
    private long _index;
    private bool _finished;

    internal SampleVaultWriter(string path, byte[] key)
    {
        _path = path;
        _aes = new AesGcm(key, 16);
        _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        _file.Write(SampleVault.Header);
        _file.Write(new byte[8]);
    }

    public long Length { get; private set; }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellation)
    {
        _hasher.Append(data.Span);
        Length += data.Length;
        while (!data.IsEmpty)
        {
            var take = Math.Min(data.Length, _pending.Length - _pendingLength);
            data.Span[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength == _pending.Length && !data.IsEmpty)
            {
                await FlushChunkAsync(last: false, cancellation).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Writes the last chunk and the length; returns the digests.</summary>
    public async Task<Hashes> FinishAsync(CancellationToken cancellation)
    {
        // A full pending chunk is the last one only now that no more data comes.
        await FlushChunkAsync(last: true, cancellation).ConfigureAwait(false);
        _file.Position = SampleVault.Header.Length;
        var length = new byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, Length);
        await _file.WriteAsync(length, cancellation).ConfigureAwait(false);
        await _file.FlushAsync(cancellation).ConfigureAwait(false);
        _finished = true;
        return _hasher.Finish();
    }

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _aes.Dispose();
        _hasher.Dispose();
        if (!_finished)
        {
            File.Delete(_path);
        }
    }

    private async Task FlushChunkAsync(bool last, CancellationToken cancellation)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[_pendingLength];
        var tag = new byte[16];
        _aes.Encrypt(nonce, _pending.AsSpan(0, _pendingLength), cipher, tag, SampleVault.AssociatedData(_index, last));
        await _file.WriteAsync(nonce, cancellation).ConfigureAwait(false);
        await _file.WriteAsync(cipher, cancellation).ConfigureAwait(false);
        await _file.WriteAsync(tag, cancellation).ConfigureAwait(false);
        _index++;
        _pendingLength = 0;
    }
}
