using StreamDiffusion.Broadcast.Presets;

namespace StreamDiffusion.Broadcast.Hosting;

/// <summary>Starts watching the preset folder with the host and stops with it.</summary>
internal sealed class PresetWatcher(PresetStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Dispose();
        return Task.CompletedTask;
    }
}
