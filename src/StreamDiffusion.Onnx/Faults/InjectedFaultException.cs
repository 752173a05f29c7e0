namespace StreamDiffusion.Onnx.Faults;

/// <summary>The failure a fault-injecting wrapper raises on purpose; tests tell it from real failures by type.</summary>
public sealed class InjectedFaultException : Exception
{
    /// <summary>Creates the exception with a message naming the model and run.</summary>
    public InjectedFaultException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public InjectedFaultException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a generic message.</summary>
    public InjectedFaultException()
        : this("Injected fault.")
    {
    }
}
