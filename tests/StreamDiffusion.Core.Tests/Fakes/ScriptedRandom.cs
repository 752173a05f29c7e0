using StreamDiffusion.Core.Filtering;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>A random source that always returns <see cref="Value"/> and counts draws.</summary>
public sealed class ScriptedRandom(double value) : IUniformRandomSource
{
    public double Value { get; set; } = value;

    public int Draws { get; private set; }

    public double NextUniform()
    {
        Draws++;
        return Value;
    }
}
