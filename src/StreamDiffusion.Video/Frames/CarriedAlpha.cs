using System.Buffers;

namespace StreamDiffusion.Video.Frames;

/// <summary>
/// The input frame's alpha plane (8-bit, straight, full range; width × height, stride = width), carried beside the
/// model tensor so the output converter can re-attach it. Owned by the <see cref="ModelTensor"/> that holds it.
/// </summary>
public sealed class CarriedAlpha
{
    private readonly byte[] _plane;

    internal CarriedAlpha(int maxBytes) => _plane = ArrayPool<byte>.Shared.Rent(maxBytes);

    /// <summary>Pixels per line of the carried plane.</summary>
    public int Width { get; private set; }

    /// <summary>Lines of the carried plane.</summary>
    public int Height { get; private set; }

    /// <summary>True when the last converted frame had alpha and the policy kept it.</summary>
    public bool IsPresent { get; private set; }

    /// <summary>The plane, row-major, stride = <see cref="Width"/>.</summary>
    public ReadOnlySpan<byte> Plane => _plane.AsSpan(0, Width * Height);

    internal Span<byte> Prepare(int width, int height)
    {
        if ((long)width * height > _plane.Length)
        {
            throw new ArgumentException(
                $"Carried alpha of {width}×{height} does not fit the {_plane.Length} bytes reserved for it; create the ModelTensor with maxAlphaPixels of at least {(long)width * height}.",
                nameof(width));
        }

        Width = width;
        Height = height;
        IsPresent = true;
        return _plane.AsSpan(0, width * height);
    }

    internal void Clear() => IsPresent = false;

    internal void Release() => ArrayPool<byte>.Shared.Return(_plane);
}
