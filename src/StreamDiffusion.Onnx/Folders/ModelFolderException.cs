namespace StreamDiffusion.Onnx.Folders;

/// <summary>
/// A model or tokenizer folder that cannot be used. Carries every problem found (each naming its path and the fix),
/// so a user repairs a folder in one pass instead of one error at a time.
/// </summary>
public sealed class ModelFolderException : Exception
{
    /// <summary>Creates the exception for <paramref name="folder"/> with the problems found in it.</summary>
    public ModelFolderException(string folder, IReadOnlyList<string> problems)
        : base(Format(folder, problems))
    {
        Folder = folder;
        Problems = problems;
    }

    /// <summary>Creates the exception with a plain message (for callers that have a single problem).</summary>
    public ModelFolderException(string message)
        : base(message)
    {
        Folder = "";
        Problems = [message];
    }

    /// <summary>Creates the exception with a plain message and its cause.</summary>
    public ModelFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Folder = "";
        Problems = [message];
    }

    /// <summary>Creates an empty exception (serializers and analyzers expect this constructor).</summary>
    public ModelFolderException()
        : this("The model folder cannot be used.")
    {
    }

    /// <summary>The folder that was checked.</summary>
    public string Folder { get; }

    /// <summary>Every problem found, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; }

    private static string Format(string folder, IReadOnlyList<string> problems)
    {
        var header = problems.Count == 1
            ? $"The folder '{folder}' cannot be used: 1 problem."
            : $"The folder '{folder}' cannot be used: {problems.Count} problems.";
        return header + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p));
    }
}
