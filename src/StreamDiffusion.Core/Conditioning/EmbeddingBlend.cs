using System.Numerics.Tensors;

namespace StreamDiffusion.Core.Conditioning;

/// <summary>
/// Blends two tensors of the same length (text embeddings or a noise row), linearly or by slerp (research/
/// streamdiffusion.md §1.12: θ = acos(clamp(⟨ê1, ê2⟩, −1, 1)), E = sin((1−p)θ)/sinθ·E1 + sin(pθ)/sinθ·E2, linear when
/// θ is tiny; p ≤ 0 gives E1 and p ≥ 1 gives E2 exactly). fp32, allocation-free.
/// </summary>
public static class EmbeddingBlend
{
    private const float TinyAngle = 1e-6f;

    /// <summary>Writes the blend of <paramref name="from"/> and <paramref name="to"/> at <paramref name="progress"/> into <paramref name="destination"/>.</summary>
    public static void Blend(
        EmbeddingBlendMode mode,
        ReadOnlySpan<float> from,
        ReadOnlySpan<float> to,
        float progress,
        Span<float> destination)
    {
        if (from.Length != to.Length || destination.Length != from.Length)
        {
            throw new ArgumentException(
                $"Blend lengths differ: from {from.Length}, to {to.Length}, destination {destination.Length}. Fix: blend tensors of one shape.",
                nameof(destination));
        }

        if (progress <= 0f)
        {
            from.CopyTo(destination);
            return;
        }

        if (progress >= 1f)
        {
            to.CopyTo(destination);
            return;
        }

        if (mode == EmbeddingBlendMode.Slerp && TrySlerp(from, to, progress, destination))
        {
            return;
        }

        TensorPrimitives.Lerp(from, to, progress, destination);
    }

    private static bool TrySlerp(ReadOnlySpan<float> from, ReadOnlySpan<float> to, float progress, Span<float> destination)
    {
        float normProduct = TensorPrimitives.Norm(from) * TensorPrimitives.Norm(to);
        if (!(normProduct > 0f) || !float.IsFinite(normProduct))
        {
            return false;
        }

        float cosine = Math.Clamp(TensorPrimitives.Dot(from, to) / normProduct, -1f, 1f);
        float theta = MathF.Acos(cosine);
        float sinTheta = MathF.Sin(theta);
        if (theta < TinyAngle || sinTheta < TinyAngle)
        {
            return false;
        }

        float weightFrom = MathF.Sin((1f - progress) * theta) / sinTheta;
        float weightTo = MathF.Sin(progress * theta) / sinTheta;
        TensorPrimitives.Multiply(from, weightFrom, destination);
        TensorPrimitives.MultiplyAdd(to, weightTo, destination, destination);
        return true;
    }
}
