using System.Diagnostics;
using System.Text;

namespace StreamDiffusion.Testing;

/// <summary>The outcome of a finished child process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";
}

/// <summary>Runs the published <c>sdbroadcast</c> (or any program) as a child process with a hard time limit.</summary>
public static class ChildProcess
{
    /// <summary>Starts the published sdbroadcast with <paramref name="arguments"/> and waits for it to exit.</summary>
    public static Task<ProcessResult> RunSdBroadcastAsync(
        IEnumerable<string> arguments, TimeSpan timeout, Action<ProcessStartInfo>? configure = null, CancellationToken cancellationToken = default) =>
        RunAsync(RepoPaths.SdBroadcastExecutable, arguments, timeout, configure, cancellationToken);

    /// <summary>Runs <paramref name="fileName"/>; kills the whole process tree when <paramref name="timeout"/> passes.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IEnumerable<string> arguments, TimeSpan timeout, Action<ProcessStartInfo>? configure = null, CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        configure?.Invoke(startInfo);

        using var process = new Process { StartInfo = startInfo };
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (stdout) { stdout.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (stderr) { stderr.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw new TimeoutException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', startInfo.ArgumentList)} did not exit within {timeout.TotalSeconds:0.#} s and was killed.\n" +
                $"--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}");
        }

        // WaitForExitAsync also waits for the redirected streams to reach end of file.
        return new ProcessResult(process.ExitCode, stdout.ToString(), stderr.ToString());
    }
}
