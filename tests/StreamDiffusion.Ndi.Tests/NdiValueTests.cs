namespace StreamDiffusion.Ndi.Tests;

/// <summary>Timecodes, source selection and frame layouts: the pure parts of the NDI project.</summary>
public sealed class NdiValueTests
{
    [Theory]
    [InlineData(0L, 30000, 1001)]
    [InlineData(1L, 30000, 1001)]
    [InlineData(107_892L, 30000, 1001)]
    [InlineData(25L * 3600 * 24 * 365 * 10, 25, 1)]
    [InlineData(123_456_789L, 60000, 1001)]
    public void Frame_numbers_survive_the_timecode_round_trip(long frame, int n, int d)
    {
        Assert.Equal(frame, NdiTimecode.ToFrameNumber(NdiTimecode.FromFrameNumber(frame, n, d), n, d));
    }

    [Fact]
    public void Timecode_of_one_second_at_29_97_is_exact()
    {
        Assert.Equal(10_010_000, NdiTimecode.FromFrameNumber(30, 30000, 1001));
    }

    [Fact]
    public void Selector_by_name_is_exact_and_by_pattern_uses_wildcards()
    {
        var byName = NdiSourceSelector.Parse("STUDIO (Cam 1)");
        var byPattern = NdiSourceSelector.Parse("* (cam ?)");

        Assert.False(byName.IsPattern);
        Assert.True(byName.Matches("STUDIO (Cam 1)"));
        Assert.False(byName.Matches("STUDIO (Cam 12)"));
        Assert.True(byPattern.IsPattern);
        Assert.True(byPattern.Matches("OTHER-PC (Cam 2)"));
        Assert.False(byPattern.Matches("OTHER-PC (Cam 12)"));
        Assert.Equal(new NdiSource("B (Cam 3)", "x"), byPattern.FirstMatch([new NdiSource("A (Slides)", "y"), new NdiSource("B (Cam 3)", "x")]));
    }

    [Theory]
    [InlineData(NdiFourCC.UYVY, 1920, 1080, 1920 * 2 * 1080)]
    [InlineData(NdiFourCC.UYVA, 1920, 1080, (1920 * 2 * 1080) + (1920 * 1080))]
    [InlineData(NdiFourCC.BGRA, 1366, 768, 1366 * 4 * 768)]
    [InlineData(NdiFourCC.P216, 720, 576, 720 * 2 * 576 * 2)]
    [InlineData(NdiFourCC.PA16, 720, 576, 720 * 2 * 576 * 3)]
    [InlineData(NdiFourCC.I420, 1280, 720, 1280 * 720 * 3 / 2)]
    [InlineData(NdiFourCC.NV12, 1280, 720, 1280 * 720 * 3 / 2)]
    public void Buffer_sizes_follow_the_plane_layout(NdiFourCC fourCC, int width, int height, long expected)
    {
        Assert.Equal(expected, new NdiVideoFormat(width, height, fourCC, 25, 1).BufferSize);
    }

    [Fact]
    public void A_stride_shorter_than_a_line_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new NdiVideoFormat(320, 180, NdiFourCC.UYVY, 25, 1, Stride: 600).Validate());

        Assert.Contains("600", error.Message, StringComparison.Ordinal);
        Assert.Contains("640", error.Message, StringComparison.Ordinal);
    }
}
