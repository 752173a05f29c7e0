namespace StreamDiffusion.Video.Kernels;

/// <summary>The twelve numbers and the clamp range of <see cref="PlanarColourTransformKernel"/>; row r is <c>(M{r}0, M{r}1, M{r}2, O{r})</c>.</summary>
public readonly record struct ColourTransformCoefficients(
    float M00, float M01, float M02, float O0,
    float M10, float M11, float M12, float O1,
    float M20, float M21, float M22, float O2,
    float Min, float Max);
