using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Video.Tests.Conversion;

/// <summary>Pooled frames and their provenance.</summary>
public sealed class FrameTests
{
    [Fact]
    public void Frames_carry_provenance_and_refuse_use_after_return()
    {
        var pool = new VideoFramePool();
        var frame = pool.Rent(PixelFormat.Uyvy, 1366, 768, strideBytes: 2816);
        Assert.Equal(2816, frame.StrideBytes);
        Assert.Equal(2732, frame.Row(767).Length);
        frame.Provenance = new FrameProvenance(42, 1234, 5678, FieldFormat.Interleaved);
        Assert.Equal(42, frame.Provenance.FrameId);
        Assert.Equal(FieldFormat.Interleaved, frame.Provenance.FieldFormat);
        frame.Dispose();
        Assert.Throws<ObjectDisposedException>(() => frame.Row(0).Length);
        frame.Dispose();
    }

    [Fact]
    public void Returned_buffers_are_reused()
    {
        var pool = new VideoFramePool();
        var first = pool.Rent(PixelFormat.Bgra, 640, 360);
        first.Row(0)[0] = 77;
        first.Dispose();
        var before = GC.GetAllocatedBytesForCurrentThread();
        using var second = pool.Rent(PixelFormat.Bgra, 640, 360);
        // Only the small frame object is new; the 921,600-byte buffer comes back from the pool.
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 1, 1024);
        Assert.Equal(77, second.Row(0)[0]);
    }

    [Fact]
    public void Bad_shapes_are_refused_with_the_limit_and_the_fix()
    {
        var pool = new VideoFramePool();
        var error = Assert.Throws<ArgumentException>(() => pool.Rent(PixelFormat.Bgra, 100, 10, strideBytes: 399));
        Assert.Contains("stride 399", error.Message, StringComparison.Ordinal);
        Assert.Contains("at least 400", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => pool.Rent(PixelFormat.Uyvy, 0, 10));
        Assert.Throws<InvalidOperationException>(() => pool.Rent(PixelFormat.Uyvy, 4, 4).AlphaPlane.Length);
    }
}
