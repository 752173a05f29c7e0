using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary><c>sdbroadcast check</c> in process; it loads the NDI test runtime, so it runs with the end-to-end tests.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class CheckVerbTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("sdb-check-");

    public void Dispose() => _root.Delete(recursive: true);

    private (int ExitCode, string Output) Check(params string[] extra)
    {
        var (exitCode, output, error) = InProcessCli.Run(["check", "--data-root", _root.FullName, .. extra]);
        return (exitCode, output + error);
    }

    private void Settings(string channelJson) => File.WriteAllText(Path.Combine(_root.FullName, "appsettings.json"),
        $$"""{ "schemaVersion": 1, "Channels": [ {{channelJson}} ] }""");

    private void Preset(string id, string json)
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "presets"));
        File.WriteAllText(Path.Combine(_root.FullName, "presets", id + ".json"), json);
    }

    [Fact]
    public void All_well_exits_0()
    {
        Settings("""{ "Name": "main", "Output": "Out", "Model": "sd-turbo", "Preset": "look", "ModelWidth": 64, "ModelHeight": 64 }""");
        SyntheticModelFolder.Write(Path.Combine(_root.FullName, "models", "sd-turbo"), new SyntheticModelOptions { ImageSize = 64 });
        Preset("look", """{ "schemaVersion": 1, "prompt": "p" }""");

        var (exitCode, output) = Check();

        Assert.True(exitCode == 0, output);
        Assert.Contains("All well.", output, StringComparison.Ordinal);
        Assert.Contains("loads on cpu at 64×64", output, StringComparison.Ordinal);
        Assert.Contains($"ok    NDI runtime: NDI runtime", output, StringComparison.Ordinal);
        Assert.Contains(ndi.RuntimeFolder, output, StringComparison.Ordinal);
        Assert.DoesNotContain("warn", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_channel_without_a_model_exits_2_and_says_bypass()
    {
        Settings("""{ "Name": "main", "Output": "Out", "Preset": "look" }""");
        Preset("look", """{ "schemaVersion": 1, "prompt": "p" }""");

        var (exitCode, output) = Check();

        Assert.True(exitCode == 2, output);
        Assert.Contains("warn  appsettings.json Channels:0:Model: no model folder is configured, so the channel runs in bypass", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_and_a_broken_preset_are_each_named_with_the_fix()
    {
        Settings("""{ "Name": "main", "Output": "Out", "Model": "nowhere", "Preset": "gone" }""");
        Preset("bad", "{ \"schemaVersion\": 1,\n \"prompt\": 5 }");

        var (exitCode, output) = Check();

        Assert.True(exitCode == 2, output);
        Assert.Contains("nowhere does not exist, so the channel runs in bypass", output, StringComparison.Ordinal);
        Assert.Contains("bad.json:2: prompt: expected a string", output, StringComparison.Ordinal);
        Assert.Contains("starting preset \"gone\" is not loaded", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_folder_missing_a_file_is_named()
    {
        Settings("""{ "Name": "main", "Output": "Out", "Model": "m", "ModelWidth": 64, "ModelHeight": 64 }""");
        var folder = Path.Combine(_root.FullName, "models", "m");
        SyntheticModelFolder.Write(folder, new SyntheticModelOptions { ImageSize = 64 });
        File.Delete(Path.Combine(folder, "vae_decoder", "model.onnx"));

        var (exitCode, output) = Check();

        Assert.True(exitCode == 2, output);
        Assert.Contains(Path.Combine("vae_decoder", "model.onnx"), output, StringComparison.Ordinal);
        Assert.Contains("runs in bypass until this is fixed", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_provider_verifies_itself_against_cpu()
    {
        Settings("""{ "Name": "main", "Output": "Out" }""");

        var (_, output) = Check("--provider", "cpu");

        Assert.Contains("ok    provider cpu: Provider 'cpu' ran text encoder, VAE encoder, UNet (2 rows) and VAE decoder", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_provider_missing_from_this_build_is_a_failure_that_names_the_fix()
    {
        Settings("""{ "Name": "main", "Output": "Out" }""");

        var (exitCode, output) = Check("--provider", "cuda");

        Assert.True(exitCode == 1, output);
        Assert.Contains("FAIL  provider cuda:", output, StringComparison.Ordinal);
        Assert.Contains("OnnxRuntimeFlavor=Gpu", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_that_stop_the_start_exit_1()
    {
        Settings("""{ "Name": "main", "Output": "Out", "ModelHight": 512 }""");

        var (exitCode, output) = Check();

        Assert.True(exitCode == 1, output);
        Assert.Contains("FAIL", output, StringComparison.Ordinal);
        Assert.Contains("ModelHight", output, StringComparison.Ordinal);
        Assert.Contains("would not start", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_writes_nothing_into_the_data_root()
    {
        var (exitCode, output) = Check();

        Assert.True(exitCode == 2, output);
        Assert.Contains("absent; `sdbroadcast run` will copy the shipped appsettings.json", output, StringComparison.Ordinal);
        Assert.Empty(_root.EnumerateFileSystemInfos());
    }
}
