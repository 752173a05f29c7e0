using System.Net;
using System.Text.Json;
using SkiaSharp;
using StreamDiffusion.Video.Signals;

namespace StreamDiffusion.Broadcast.Tests.Api;

/// <summary>JPEG thumbnails of a channel's input and output on the real server (the channel runs the 1280×720 test pattern without a model).</summary>
public sealed class ThumbnailsApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The test pattern's size (ChannelFactory: TestPatternInput(1280, 720, ...)).
    private const int PatternWidth = 1280;
    private const int PatternHeight = 720;

    // Until the channel's first frames pass, a thumbnail is 503; the service has just started.
    private static async Task<HttpResponseMessage> GetFrameAsync(HttpClient client, string path)
    {
        HttpResponseMessage? response = null;
        for (var attempt = 0; attempt < 20; attempt++)
        {
            response?.Dispose();
            response = await client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                break;
            }
        }

        return response!;
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Fact]
    public async Task Input_and_output_thumbnails_are_jpegs_of_the_requested_width_showing_the_pattern_bars()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);

        foreach (var (side, query, width) in new[] { ("input", "", 320), ("output", "?width=160", 160), ("input", "?width=100", 100), ("output", "?width=1920", 1920) })
        {
            using var response = await GetFrameAsync(client, $"api/v1/channels/main/thumbnail/{side}{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore, $"{side}: Cache-Control: no-store expected");
            var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            Assert.NotNull(codec);
            Assert.Equal(SKEncodedImageFormat.Jpeg, codec.EncodedFormat);
            var height = (int)Math.Round((double)width * PatternHeight / PatternWidth);
            Assert.Equal((width, height), (codec.Info.Width, codec.Info.Height));

            // The 75% bars sit in the top two thirds, in order: right colours prove the Y'CbCr → RGB path and channel order.
            using var picture = SKBitmap.Decode(codec);
            for (var bar = 0; bar < TestPatternGenerator.Bars.Count; bar++)
            {
                var x = (int)((bar + 0.5) * width / TestPatternGenerator.Bars.Count);
                var seen = picture.GetPixel(x, height / 3);
                var expected = TestPatternGenerator.Bars[bar];
                Assert.True(
                    Math.Abs(seen.Red - expected.Red) <= 24 && Math.Abs(seen.Green - expected.Green) <= 24 && Math.Abs(seen.Blue - expected.Blue) <= 24,
                    $"{side} at width {width}: bar {bar} is {seen}, expected about {expected}");
            }
        }
    }

    [Fact]
    public async Task A_token_in_the_url_opens_a_thumbnail_and_nothing_without_one()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var read = app.Client(app.ReadKey);
        var token = JsonDocument.Parse(await (await read.PostAsync(new Uri("api/v1/tokens", UriKind.Relative), null, Ct)).Content.ReadAsStringAsync(Ct))
            .RootElement.GetProperty("token").GetString();
        using var browser = app.Client();

        using var withToken = await GetFrameAsync(browser, $"api/v1/channels/main/thumbnail/output?access_token={token}");
        using var without = await browser.GetAsync(new Uri("api/v1/channels/main/thumbnail/output", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
        Assert.Equal("image/jpeg", withToken.Content.Headers.ContentType?.MediaType);
        await ProblemAsync(without, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_bad_width_gets_a_400_naming_width()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);

        foreach (var width in new[] { "abc", "15", "1921", "-320", "320.5", "99999999999", "%20320" })
        {
            using var response = await client.GetAsync(new Uri($"api/v1/channels/main/thumbnail/input?width={width}", UriKind.Relative), Ct);

            var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
            Assert.Equal("width", problem.GetProperty("field").GetString());
            Assert.Contains("16 to 1920", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_unknown_channel_or_side_gets_a_404_naming_it()
    {
        await using var app = await BroadcastApplication.StartAsync(withKeys: true);
        using var client = app.Client(app.ReadKey);

        using var channel = await client.GetAsync(new Uri("api/v1/channels/nosuch/thumbnail/input", UriKind.Relative), Ct);
        using var side = await client.GetAsync(new Uri("api/v1/channels/main/thumbnail/preview", UriKind.Relative), Ct);

        var unknownChannel = await ProblemAsync(channel, HttpStatusCode.NotFound);
        Assert.Equal("nosuch", unknownChannel.GetProperty("channel").GetString());
        Assert.Contains("Channels: main", unknownChannel.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var unknownSide = await ProblemAsync(side, HttpStatusCode.NotFound);
        Assert.Contains("\"preview\"", unknownSide.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
