using OpenCvSharp;
using StreamDiffusion.Video.Frames;

namespace StreamDiffusion.Bench;

/// <summary>
/// The peer: the same UYVY 1920×1080 ↔ 512×512 work done with OpenCV, single-threaded. OpenCV's own UYVY conversion
/// is BT.601, so the BT.709 limited-range matrices are composed here from Kr/Kb and applied with cv::transform.
/// Way in: centre crop → split luma/chroma → co-sited chroma to full width (linear warp) → float → matrix → INTER_AREA to
/// 512×512 → planes. Way out: planes → INTER_LINEAR to the crop size → matrix → 8-bit → co-sited chroma to half
/// width ([1 2 1]/4) → re-interleave into the crop window of a black frame.
/// </summary>
public sealed class OpenCvUyvyChain : IDisposable
{
    private readonly Rect _crop;
    private readonly Size _model;
    private readonly Mat _toRgb;
    private readonly Mat _toYuv;
    private readonly Mat _chromaUp;
    private readonly Mat _chromaDown;

    public OpenCvUyvyChain(int width, int height, int modelWidth, int modelHeight)
    {
        Cv2.SetNumThreads(1);
        var cropWidth = height * modelWidth / modelHeight;
        _crop = new Rect((width - cropWidth) / 2, 0, cropWidth, height);
        _model = new Size(modelWidth, modelHeight);
        (_toRgb, _toYuv) = Bt709LimitedMatrices();
        _chromaUp = new Mat(2, 3, MatType.CV_64FC1);
        _chromaUp.Set(0, 0, 2.0); // forward map: luma x = 2 · chroma x
        _chromaUp.Set(1, 1, 1.0);
        _chromaDown = new Mat(1, 3, MatType.CV_32FC1);
        _chromaDown.Set(0, 0, 0.25f);
        _chromaDown.Set(0, 1, 0.5f);
        _chromaDown.Set(0, 2, 0.25f);
    }

    /// <summary>UYVY frame bytes (tight stride) → planar R, G, B in [-1, 1] (3 × model pixels).</summary>
    public void ToTensor(byte[] uyvy, int width, int height, float[] tensor)
    {
        using var frame = Mat.FromPixelData(height, width, MatType.CV_8UC2, uyvy);
        using var roi = new Mat(frame, _crop);
        Cv2.Split(roi, out var parts);
        using var chromaPairs = parts[0];
        using var luma = parts[1];
        using var chroma2 = chromaPairs.Reshape(2, _crop.Height);
        Cv2.Split(chroma2, out var uv);
        using var u = uv[0];
        using var v = uv[1];
        using var uFull = new Mat();
        using var vFull = new Mat();
        // 4:2:2 chroma is co-sited with even luma (BT.709): chroma sample k sits on luma pixel 2k, so full-width
        // chroma at x is chroma(x / 2) — a 2× warp without resize's half-pixel shift.
        Cv2.WarpAffine(u, uFull, _chromaUp, new Size(_crop.Width, _crop.Height), InterpolationFlags.Linear, BorderTypes.Replicate);
        Cv2.WarpAffine(v, vFull, _chromaUp, new Size(_crop.Width, _crop.Height), InterpolationFlags.Linear, BorderTypes.Replicate);
        using var yuv = new Mat();
        Cv2.Merge([luma, uFull, vFull], yuv);
        using var yuvFloat = new Mat();
        yuv.ConvertTo(yuvFloat, MatType.CV_32FC3);
        using var rgb = new Mat();
        Cv2.Transform(yuvFloat, rgb, _toRgb);
        using var small = new Mat();
        Cv2.Resize(rgb, small, _model, 0, 0, InterpolationFlags.Area);
        using var clipped = new Mat();
        Cv2.Min(small, new Scalar(1, 1, 1), clipped);
        Cv2.Max(clipped, new Scalar(-1, -1, -1), clipped);
        Cv2.Split(clipped, out var planes);
        var plane = _model.Width * _model.Height;
        for (var c = 0; c < 3; c++)
        {
            using var p = planes[c];
            System.Runtime.InteropServices.Marshal.Copy(p.Data, tensor, c * plane, plane);
        }
    }

    /// <summary>Planar R, G, B in [-1, 1] → UYVY frame bytes (tight stride), black outside the crop window.</summary>
    public void ToFrame(float[] tensor, byte[] uyvy, int width, int height)
    {
        var plane = _model.Width * _model.Height;
        using var rgb = new Mat();
        unsafe
        {
            // Wrap the tensor's planes in place, as a caller holding a model output would.
            fixed (float* data = tensor)
            {
                using var r = Mat.FromPixelData(_model.Height, _model.Width, MatType.CV_32FC1, (IntPtr)data);
                using var g = Mat.FromPixelData(_model.Height, _model.Width, MatType.CV_32FC1, (IntPtr)(data + plane));
                using var b = Mat.FromPixelData(_model.Height, _model.Width, MatType.CV_32FC1, (IntPtr)(data + (2 * plane)));
                Cv2.Merge([r, g, b], rgb);
            }
        }

        using var big = new Mat();
        Cv2.Resize(rgb, big, new Size(_crop.Width, _crop.Height), 0, 0, InterpolationFlags.Linear);
        using var yuvFloat = new Mat();
        Cv2.Transform(big, yuvFloat, _toYuv);
        using var yuv = new Mat();
        yuvFloat.ConvertTo(yuv, MatType.CV_8UC3);
        Cv2.Split(yuv, out var parts);
        using var luma = parts[0];
        using var u = parts[1];
        using var v = parts[2];
        using var uHalf = new Mat();
        using var vHalf = new Mat();
        // Co-sited chroma subsampling: [1 2 1]/4 around each even luma pixel, then keep the even pixels.
        using var uSoft = new Mat();
        using var vSoft = new Mat();
        Cv2.Filter2D(u, uSoft, -1, _chromaDown, null, 0, BorderTypes.Replicate);
        Cv2.Filter2D(v, vSoft, -1, _chromaDown, null, 0, BorderTypes.Replicate);
        Cv2.Resize(uSoft, uHalf, new Size(_crop.Width / 2, _crop.Height), 0, 0, InterpolationFlags.Nearest);
        Cv2.Resize(vSoft, vHalf, new Size(_crop.Width / 2, _crop.Height), 0, 0, InterpolationFlags.Nearest);
        using var uv = new Mat();
        Cv2.Merge([uHalf, vHalf], uv);
        using var chroma = uv.Reshape(1, _crop.Height);
        using var packed = new Mat();
        Cv2.Merge([chroma, luma], packed);
        using var frame = Mat.FromPixelData(height, width, MatType.CV_8UC2, uyvy);
        frame.SetTo(new Scalar(128, 16));
        using var roi = new Mat(frame, _crop);
        packed.CopyTo(roi);
    }

    public void Dispose()
    {
        _toRgb.Dispose();
        _toYuv.Dispose();
        _chromaUp.Dispose();
        _chromaDown.Dispose();
    }

    private static (Mat ToRgb, Mat ToYuv) Bt709LimitedMatrices()
    {
        // BT.709: Kr 0.2126, Kb 0.0722; limited range Y = 16 + 219 Y', C = 128 + 224 P; model t = 2 E' - 1.
        const double kr = 0.2126, kb = 0.0722, kg = 1 - kr - kb;
        double[,] decode =
        {
            { 1, 0, 2 * (1 - kr) },
            { 1, -2 * kb * (1 - kb) / kg, -2 * kr * (1 - kr) / kg },
            { 1, 2 * (1 - kb), 0 },
        };
        var toRgb = new Mat(3, 4, MatType.CV_32FC1);
        for (var row = 0; row < 3; row++)
        {
            toRgb.Set(row, 0, (float)(2 * decode[row, 0] / 219));
            toRgb.Set(row, 1, (float)(2 * decode[row, 1] / 224));
            toRgb.Set(row, 2, (float)(2 * decode[row, 2] / 224));
            toRgb.Set(row, 3, (float)((2 * ((-decode[row, 0] * 16 / 219) - ((decode[row, 1] + decode[row, 2]) * 128 / 224))) - 1));
        }

        double[,] encode =
        {
            { kr, kg, kb },
            { -kr / (2 * (1 - kb)), -kg / (2 * (1 - kb)), 0.5 },
            { 0.5, -kg / (2 * (1 - kr)), -kb / (2 * (1 - kr)) },
        };
        double[] scale = [219, 224, 224];
        double[] offset = [16, 128, 128];
        var toYuv = new Mat(3, 4, MatType.CV_32FC1);
        for (var row = 0; row < 3; row++)
        {
            var sum = 0.0;
            for (var c = 0; c < 3; c++)
            {
                toYuv.Set(row, c, (float)(scale[row] * encode[row, c] / 2));
                sum += encode[row, c];
            }

            toYuv.Set(row, 3, (float)(offset[row] + (scale[row] * sum / 2)));
        }

        return (toRgb, toYuv);
    }
}
