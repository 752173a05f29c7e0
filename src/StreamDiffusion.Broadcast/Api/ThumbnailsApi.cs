using System.Globalization;
using SkiaSharp;
using StreamDiffusion.Broadcast.Channels;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Broadcast.Api;

/// <summary>
/// <c>/api/v1/channels/{name}/thumbnail/{input|output}</c>: a JPEG still of what a channel receives or sends, for
/// dashboards, Companion's "Image from URL" and the web page. The still is taken from the frame path only on request
/// (<see cref="FrameTap"/>); conversion, scaling and encoding run on the request's thread.
/// </summary>
public static class ThumbnailsApi
{
    /// <summary>Smallest width served, in pixels.</summary>
    public const int MinWidth = 16;

    /// <summary>Largest width served, in pixels.</summary>
    public const int MaxWidth = 1920;

    /// <summary>Width when the request names none.</summary>
    public const int DefaultWidth = 320;

    /// <summary>JPEG quality (0–100).</summary>
    public const int Quality = 80;

    /// <summary>How long a request waits for a frame to pass the tap before answering 503.</summary>
    public static TimeSpan FrameTimeout { get; } = TimeSpan.FromSeconds(1);

    /// <summary>Maps the endpoint on <paramref name="api"/>.</summary>
    public static RouteGroupBuilder MapThumbnails(this RouteGroupBuilder api)
    {
        ArgumentNullException.ThrowIfNull(api);
        api.MapGet("/channels/{name}/thumbnail/{side}", Get)
            .RequireAuthorization(ApiPolicies.Read)
            .WithTags("Channels")
            .Produces(StatusCodes.Status200OK, contentType: "image/jpeg")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return api;
    }

    // ?width=16..1920 (default 320); the height keeps the picture's aspect. Width is bound as text so that a bad value
    // gets a problem naming the field rather than a bare 400.
    [AllowsAccessToken]
    [EndpointSummary("A JPEG still of a channel's input or output")]
    [EndpointDescription("The next frame that passes the channel's input (as received) or output (as sent), scaled to `width` pixels (16–1920, default 320) keeping its aspect. Read scope, or `?access_token=` from POST /api/v1/tokens. 503 when no frame arrives within a second, with the channel's status reason.")]
    private static async Task<IResult> Get(
        string name, string side, string? width, IReadOnlyList<BroadcastChannel> channels, HttpResponse response, CancellationToken cancellationToken)
    {
        var channel = channels.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));
        if (channel is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown channel",
                detail: $"No channel \"{name}\". Channels: {string.Join(", ", channels.Select(c => c.Name))}.",
                extensions: new Dictionary<string, object?> { ["channel"] = name });
        }

        FrameTap? tap = side.ToLowerInvariant() switch
        {
            "input" => channel.InputTap,
            "output" => channel.OutputTap,
            _ => null,
        };
        if (tap is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown thumbnail",
                detail: $"No thumbnail \"{side}\"; ask for /channels/{channel.Name}/thumbnail/input or /thumbnail/output.",
                extensions: new Dictionary<string, object?> { ["field"] = "side" });
        }

        var pixels = DefaultWidth;
        if (!string.IsNullOrEmpty(width)
            && (!int.TryParse(width, NumberStyles.None, CultureInfo.InvariantCulture, out pixels) || pixels is < MinWidth or > MaxWidth))
        {
            return JsonBody.FieldProblem("width", $"\"{width}\" is not a whole number of pixels from {MinWidth} to {MaxWidth}; leave it out for {DefaultWidth}.");
        }

        using var still = await tap.CaptureAsync(FrameTimeout, cancellationToken).ConfigureAwait(false);
        if (still is null)
        {
            response.Headers.RetryAfter = "1";
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No frames",
                detail: $"Channel {channel.Name} produces no {side.ToLowerInvariant()} frames (none within {FrameTimeout.TotalSeconds:0.#} s): {channel.Status.Current.Reason}.",
                extensions: new Dictionary<string, object?> { ["channel"] = channel.Name });
        }

        var jpeg = EncodeJpeg(still, pixels);
        response.Headers.CacheControl = "no-store";
        return TypedResults.Bytes(jpeg, "image/jpeg");
    }

    /// <summary>
    /// <paramref name="still"/> scaled to <paramref name="width"/> pixels wide (height from the picture's aspect, at
    /// least one line) and encoded as a baseline 4:2:0 JPEG.
    /// </summary>
    internal static byte[] EncodeJpeg(FrameStill still, int width)
    {
        var rgb = still.ToRgb();
        var height = (int)Math.Clamp(Math.Round((double)width * still.PictureHeight / rgb.Width), 1, 4 * MaxWidth);
        var colourType = rgb.Format is PixelFormat.Rgba or PixelFormat.Rgbx ? SKColorType.Rgba8888 : SKColorType.Bgra8888;
        using var thumbnail = new SKBitmap(new SKImageInfo(width, height, colourType, SKAlphaType.Opaque));
        using var target = thumbnail.PeekPixels();
        unsafe
        {
            fixed (byte* pixels = rgb.Data)
            {
                using var source = new SKPixmap(new SKImageInfo(rgb.Width, rgb.Height, colourType, SKAlphaType.Opaque), (IntPtr)pixels, rgb.StrideBytes);
                // Mipmaps average the picture down before the linear filter, so thin lines and text do not alias away.
                if (!source.ScalePixels(target, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)))
                {
                    throw new InvalidOperationException($"Skia could not scale a {rgb.Width}×{rgb.Height} {rgb.Format} picture to {width}×{height}.");
                }
            }
        }

        using var jpeg = target.Encode(new SKJpegEncoderOptions(Quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore))
            ?? throw new InvalidOperationException($"Skia could not encode a {width}×{height} JPEG.");
        return jpeg.ToArray();
    }
}
