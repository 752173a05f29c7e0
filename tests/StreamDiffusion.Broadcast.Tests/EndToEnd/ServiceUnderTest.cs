using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests.EndToEnd;

/// <summary>
/// The published <c>sdbroadcast run</c> as a child process over a temporary data root with one channel "main", its
/// API on a free loopback port, and helpers to read the channel's status until a condition holds.
/// </summary>
public sealed class ServiceUnderTest : IDisposable
{
    private readonly DirectoryInfo _dataRoot;
    private readonly RunningProcess _process;

    private ServiceUnderTest(DirectoryInfo dataRoot, RunningProcess process, int port)
    {
        _dataRoot = dataRoot;
        _process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    /// <summary>A client for the service's API.</summary>
    public HttpClient Http { get; }

    /// <summary>The data root folder.</summary>
    public string DataRoot => _dataRoot.FullName;

    /// <summary>Everything the service printed so far.</summary>
    public string Output => _process.Output;

    /// <summary>True once the service has exited.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the service. <paramref name="channelJson"/> holds the channel's fields besides its name (JSON object
    /// members); <paramref name="prepare"/> may put files into the data root first (null: the shipped defaults seed it).
    /// </summary>
    public static ServiceUnderTest Start(
        NdiTestRuntime ndi, string? channelJson, string[] extraArguments, Action<string>? prepare = null, Action<ProcessStartInfo>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(ndi);
        var dataRoot = Directory.CreateTempSubdirectory("sdb-service-");
        var port = RunningProcess.FreeLoopbackPort();
        if (channelJson is not null)
        {
            File.WriteAllText(Path.Combine(dataRoot.FullName, "appsettings.json"), $$"""
                { "schemaVersion": 1, "Api": { "Urls": "http://127.0.0.1:{{port}}" },
                  "Channels": [ { "Name": "main", {{channelJson}} } ] }
                """);
        }

        prepare?.Invoke(dataRoot.FullName);
        var arguments = new List<string> { "run", "--data-root", dataRoot.FullName };
        if (channelJson is null)
        {
            arguments.AddRange(["--urls", $"http://127.0.0.1:{port}"]);
        }

        arguments.AddRange(extraArguments);
        var process = RunningProcess.StartSdBroadcast(arguments, startInfo =>
        {
            ndi.ApplyTo(startInfo);
            configure?.Invoke(startInfo);
        });
        return new ServiceUnderTest(dataRoot, process, port);
    }

    /// <summary>Reads <c>/api/v1/channels/main</c> until <paramref name="condition"/> holds; returns that reading.</summary>
    public async Task<JsonElement> ChannelAsync(Func<JsonElement, bool> condition, string what, double seconds = 90)
    {
        var ct = TestContext.Current.CancellationToken;
        JsonElement channel = default;
        await _process.WaitUntilAsync(async () =>
        {
            try
            {
                channel = await Http.GetFromJsonAsync<JsonElement>("/api/v1/channels/main", ct);
                return condition(channel);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(seconds), what, ct);
        return channel;
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with the service's output after <paramref name="seconds"/>.</summary>
    public Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 30) =>
        _process.WaitUntilAsync(condition, TimeSpan.FromSeconds(seconds), what, TestContext.Current.CancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Http.Dispose();
        _process.Dispose();
        try
        {
            _dataRoot.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A log file may be closing; the temp cleaner takes it.
        }
    }
}
