namespace StreamDiffusion.Core.Filtering;

/// <summary>Uniform random numbers in [0, 1) for the similarity filter's skip draw; injectable so tests can script it.</summary>
public interface IUniformRandomSource
{
    /// <summary>The next number in [0, 1). Must not allocate.</summary>
    double NextUniform();
}
