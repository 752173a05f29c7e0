using StreamDiffusion.Core.Models;
using StreamDiffusion.Onnx.Faults;
using StreamDiffusion.Onnx.Folders;
using StreamDiffusion.Onnx.Sessions;
using StreamDiffusion.Onnx.Synthetic;
using StreamDiffusion.Onnx.Tests.Folders;

namespace StreamDiffusion.Onnx.Tests.Faults;

/// <summary>Fault-injecting wrappers around real ONNX Runtime sessions.</summary>
public sealed class FaultInjectionTests : IDisposable
{
    private const int Size = 64;
    private readonly TempFolder _folder = new("faults");
    private readonly SessionPool _pool = new();
    private readonly LoadedModelFolder _loaded;

    public FaultInjectionTests()
    {
        SyntheticModelFolder.Write(_folder.Path, new SyntheticModelOptions());
        _loaded = ModelFolder.Load(_folder.Path, new ModelLoadOptions { ImageWidth = Size, ImageHeight = Size }, _pool);
    }

    [Fact]
    public void Every_third_unet_run_throws_and_the_others_run_the_real_model()
    {
        var (models, unetFaults, _, _, _) = FaultInjection.Wrap(_loaded.Models, unet: new FaultPlan { ThrowEvery = 3 });
        using (unetFaults)
        {
            var outcomes = new List<bool>();
            for (var run = 0; run < 6; run++)
            {
                try
                {
                    ModelFolderLoadTests.RunUnet(models.Unet, [500], 1f);
                    outcomes.Add(true);
                }
                catch (InjectedFaultException e)
                {
                    Assert.Contains("unet", e.Message, StringComparison.Ordinal);
                    outcomes.Add(false);
                }
            }

            Assert.Equal([true, true, false, true, true, false], outcomes);
            Assert.Equal(ModelFolderLoadTests.RunUnet(_loaded.Unet, [500], 1f), ModelFolderLoadTests.RunUnet(models.Unet, [500], 1f));
        }
    }

    [Fact]
    public void Every_second_decode_returns_nan()
    {
        var (models, _, _, decoderFaults, _) = FaultInjection.Wrap(_loaded.Models, decoder: new FaultPlan { NaNEvery = 2 });
        using (decoderFaults)
        {
            var latent = new float[models.ImageDecoder.Latent.Length];
            var image = new float[3 * Size * Size];

            models.ImageDecoder.Decode(latent, image);
            Assert.All(image, v => Assert.True(float.IsFinite(v)));
            models.ImageDecoder.Decode(latent, image);
            Assert.All(image, v => Assert.True(float.IsNaN(v)));
            Assert.Equal(2, decoderFaults.Runs);
        }
    }

    [Fact]
    public async Task Stalled_encode_waits_until_released()
    {
        var (models, _, encoderFaults, _, _) = FaultInjection.Wrap(_loaded.Models, encoder: new FaultPlan { StallEvery = 1, StallFor = TimeSpan.FromSeconds(30) });
        using (encoderFaults)
        {
            var image = TestImages.Gradient(Size);
            var latent = new float[models.ImageEncoder.Latent.Length];
            var encode = Task.Run(() => models.ImageEncoder.Encode(image, latent), TestContext.Current.CancellationToken);

            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (encoderFaults.StalledNow == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, TestContext.Current.CancellationToken);
            }

            Assert.Equal(1, encoderFaults.StalledNow);
            Assert.False(encode.IsCompleted);
            encoderFaults.ReleaseStalls();
            await encode.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            Assert.Contains(latent, v => v != 0);
        }
    }

    [Fact]
    public void Fault_free_plan_is_transparent()
    {
        var (models, unetFaults, encoderFaults, decoderFaults, textFaults) = FaultInjection.Wrap(_loaded.Models);
        using (unetFaults)
        using (encoderFaults)
        using (decoderFaults)
        using (textFaults)
        {
            var direct = new float[77 * 1024];
            var wrapped = new float[direct.Length];

            _loaded.Models.TextEncoder.Encode("a cat", direct);
            models.TextEncoder.Encode("a cat", wrapped);

            Assert.Equal(direct, wrapped);
            Assert.Equal(1, textFaults.Runs);
        }
    }

    public void Dispose()
    {
        _loaded.Dispose();
        _pool.Dispose();
        _folder.Dispose();
    }
}
