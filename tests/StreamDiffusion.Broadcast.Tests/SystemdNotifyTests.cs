using System.Net.Sockets;
using System.Text;
using StreamDiffusion.Broadcast.Hosting;
using StreamDiffusion.Testing;

namespace StreamDiffusion.Broadcast.Tests;

/// <summary>The systemd notify protocol, spoken to a test NOTIFY_SOCKET by the published sdbroadcast.</summary>
[Collection(TestCollections.EndToEnd)]
public sealed class SystemdNotifyTests(NdiTestRuntime ndi) : IClassFixture<NdiTestRuntime>, IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("sdb-notify-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Run_reports_ready_and_pings_the_watchdog()
    {
        var ct = TestContext.Current.CancellationToken;
        var socketPath = Path.Combine(_scratch.FullName, "notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var port = RunningProcess.FreeLoopbackPort();

        using var service = RunningProcess.StartSdBroadcast(
            ["run", "--data-root", Path.Combine(_scratch.FullName, "data"), "--urls", $"http://127.0.0.1:{port}"],
            startInfo =>
            {
                ndi.ApplyTo(startInfo);
                startInfo.Environment["NOTIFY_SOCKET"] = socketPath;
                startInfo.Environment["WATCHDOG_USEC"] = "2000000"; // 2 s: pings every second
            });

        var messages = new List<string>();
        var buffer = new byte[4096];
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(TimeSpan.FromSeconds(40));
        while (!(messages.Contains("READY=1") && messages.Count(m => m == "WATCHDOG=1") >= 2))
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer, SocketFlags.None, limit.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"expected READY=1 and two WATCHDOG=1, got [{string.Join(", ", messages)}]\n{service.Output}");
                return;
            }

            messages.Add(Encoding.UTF8.GetString(buffer, 0, received).Trim());
        }

        Assert.Contains("READY=1", messages);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData("0", null, null)]
    [InlineData("abc", null, null)]
    [InlineData("30000000", null, 30.0)]
    [InlineData("30000000", "1", null)] // meant for another process
    public void The_watchdog_interval_comes_from_WATCHDOG_USEC(string? usec, string? pid, double? expectedSeconds)
    {
        var interval = SystemdWatchdog.RequestedInterval(name => name switch
        {
            "WATCHDOG_USEC" => usec,
            "WATCHDOG_PID" => pid,
            _ => null,
        });

        Assert.Equal(expectedSeconds, interval?.TotalSeconds);
    }
}
