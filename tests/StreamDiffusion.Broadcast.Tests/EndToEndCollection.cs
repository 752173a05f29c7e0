using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>Tests that use the real NDI runtime or child processes run one at a time.</summary>
[CollectionDefinition(TestCollections.EndToEnd, DisableParallelization = true)]
public sealed class EndToEndCollection;
