using StreamDiffusion.Core.Models;

namespace StreamDiffusion.Core.Tests.Fakes;

/// <summary>Text encoder whose embedding is a simple function of the prompt: e[k] = code(prompt) + 0.01·k. Records prompts.</summary>
public sealed class FakeTextEncoder(int sequenceLength = 2, int embeddingWidth = 3) : ITextEncoder
{
    private readonly List<string> _prompts = [];

    public int SequenceLength { get; } = sequenceLength;

    public int EmbeddingWidth { get; } = embeddingWidth;

    public IReadOnlyList<string> Prompts
    {
        get
        {
            lock (_prompts)
            {
                return [.. _prompts];
            }
        }
    }

    public static float Code(string prompt)
    {
        int code = 0;
        for (int i = 0; i < prompt.Length; i++)
        {
            code = ((code * 31) + prompt[i]) % 1000;
        }

        return code / 1000f;
    }

    public static float Value(string prompt, int k) => Code(prompt) + (0.01f * k);

    public void Encode(string prompt, Span<float> embeddings)
    {
        lock (_prompts)
        {
            _prompts.Add(prompt);
        }

        for (int k = 0; k < embeddings.Length; k++)
        {
            embeddings[k] = Value(prompt, k);
        }
    }
}
