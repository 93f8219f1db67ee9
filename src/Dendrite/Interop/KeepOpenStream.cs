namespace Dendrite.Interop;

/// <summary>
/// A pass-through stream whose Dispose only flushes: the owner of the inner stream decides when it closes.
/// </summary>
internal sealed class KeepOpenStream : Stream
{
    private readonly Stream _inner;

    public KeepOpenStream(Stream inner)
    {
        _inner = inner;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override void Flush() => _inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => _inner.Write(buffer);

    public override void WriteByte(byte value) => _inner.WriteByte(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Flush();
        }
        base.Dispose(disposing);
    }
}
