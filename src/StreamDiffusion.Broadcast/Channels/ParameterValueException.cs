namespace StreamDiffusion.Broadcast.Channels;

/// <summary>
/// A parameter value refused by a control call: an <see cref="ArgumentException"/> whose <see cref="ArgumentException.ParamName"/>
/// is the field as preset files and the API spell it (<c>guidanceScale</c>, <c>tIndexList[1]</c>,
/// <c>similarityFilter.threshold</c>) and whose <see cref="Problem"/> says the value, the limit and the fix.
/// </summary>
public sealed class ParameterValueException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public ParameterValueException()
    {
        Problem = "";
    }

    /// <summary>Creates the exception with a message.</summary>
    public ParameterValueException(string message)
        : base(message)
    {
        Problem = message;
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ParameterValueException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problem = message;
    }

    /// <summary>Creates the exception for <paramref name="field"/> with its <paramref name="problem"/>.</summary>
    public ParameterValueException(string field, string problem)
        : base(problem, field)
    {
        Problem = problem;
    }

    /// <summary>What is wrong with the value, without the field.</summary>
    public string Problem { get; }

    /// <inheritdoc />
    public override string Message => ParamName is { Length: > 0 } name ? $"{name}: {Problem}" : Problem;

    /// <summary>Throws for <paramref name="field"/> when <paramref name="problem"/> is not null.</summary>
    internal static void ThrowIf(string field, string? problem)
    {
        if (problem is not null)
        {
            throw new ParameterValueException(field, problem);
        }
    }
}
