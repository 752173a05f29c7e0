namespace StreamDiffusion.Testing;

/// <summary>Names of xunit collections shared by convention across test projects.</summary>
public static class TestCollections
{
    /// <summary>
    /// End-to-end tests (child processes, real NDI, real servers) run one at a time so they do not compete for the
    /// two cores and so their timings stay meaningful. Each test project declares the collection with
    /// <c>DisableParallelization = true</c> under this name.
    /// </summary>
    public const string EndToEnd = "EndToEnd";
}
