namespace StreamDiffusion.Onnx.Sessions;

/// <summary>An execution provider that was asked for but cannot be used in this build or on this machine.</summary>
public sealed class ExecutionProviderException : Exception
{
    /// <summary>Creates the exception with a message naming the provider and the fix.</summary>
    public ExecutionProviderException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ExecutionProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public ExecutionProviderException()
        : this("The execution provider cannot be used.")
    {
    }
}
