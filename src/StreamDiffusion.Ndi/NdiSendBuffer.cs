using System.Runtime.InteropServices;

namespace StreamDiffusion.Ndi;

/// <summary>
/// One native video buffer and the metadata text that travels with it. While the runtime owns it (an async send
/// until the next send on the same sender) neither may be touched; <see cref="NdiSender"/> enforces that.
/// </summary>
internal sealed unsafe class NdiSendBuffer : IDisposable
{
    private const nuint Alignment = 64;

    public byte* Pixels { get; private set; }

    public long PixelCapacity { get; private set; }

    public byte* Metadata { get; private set; }

    public int MetadataCapacity { get; private set; }

    /// <summary>Grows the pixel memory to at least <paramref name="bytes"/>; only on a format change.</summary>
    public void EnsurePixels(long bytes)
    {
        if (bytes <= PixelCapacity)
        {
            return;
        }

        NativeMemory.AlignedFree(Pixels);
        Pixels = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, Alignment);
        PixelCapacity = bytes;
    }

    /// <summary>Copies <paramref name="utf8"/> plus a NUL into the metadata memory; null pointer when empty.</summary>
    public byte* SetMetadata(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return null;
        }

        if (utf8.Length + 1 > MetadataCapacity)
        {
            var capacity = Math.Max(256, (utf8.Length + 1) * 2);
            NativeMemory.Free(Metadata);
            Metadata = (byte*)NativeMemory.Alloc((nuint)capacity);
            MetadataCapacity = capacity;
        }

        utf8.CopyTo(new Span<byte>(Metadata, MetadataCapacity));
        Metadata[utf8.Length] = 0;
        return Metadata;
    }

    public void Dispose()
    {
        NativeMemory.AlignedFree(Pixels);
        NativeMemory.Free(Metadata);
        Pixels = null;
        Metadata = null;
        PixelCapacity = 0;
        MetadataCapacity = 0;
    }
}
