using System.CommandLine;
using StreamDiffusion.Broadcast.Checks;
using StreamDiffusion.Broadcast.Hosting;
using StreamDiffusion.Onnx.Sessions;

namespace StreamDiffusion.Broadcast.Cli.Verbs;

/// <summary><c>sdbroadcast check</c>: verifies configuration, presets, models, NDI runtime and provider.</summary>
internal static class CheckVerb
{
    /// <summary>Creates the verb.</summary>
    public static Command Create()
    {
        var command = new Command("check",
            "Check the data root, configuration, API keys, presets and what each channel refers to, without starting anything. " +
            "Exit 0 when all is well, 2 when the service would run degraded, 1 when it would not start.");
        var provider = new Option<string?>("--provider")
        {
            Description = "Also run the synthetic models on this ONNX Runtime execution provider (cpu, cuda, tensorrt, directml) and compare with CPU, " +
                          "so a first GPU install verifies itself.",
        };
        command.Options.Add(RunVerb.DataRootOption);
        command.Options.Add(provider);
        command.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var dataRoot = DataRoot.Resolve(parseResult.GetValue(RunVerb.DataRootOption), AppContext.BaseDirectory, Environment.GetEnvironmentVariable);
            var findings = InstallationCheck.Run(dataRoot).ToList();
            if (parseResult.GetValue(provider) is { Length: > 0 } name)
            {
                var result = ProviderSelfCheck.Run(new ExecutionProviderSettings { Name = name });
                findings.Add(new CheckFinding(result.Passed ? CheckSeverity.Ok : CheckSeverity.Fatal, $"provider {name}", result.Message));
            }

            foreach (var finding in findings)
            {
                output.WriteLine(finding.ToString());
            }

            var exitCode = InstallationCheck.ExitCode(findings);
            output.WriteLine(exitCode switch
            {
                0 => "All well.",
                2 => "The service would run degraded; see the warnings above.",
                _ => "The service would not start; fix the failures above.",
            });
            return exitCode;
        });
        return command;
    }
}
