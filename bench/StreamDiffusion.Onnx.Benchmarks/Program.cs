using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/StreamDiffusion.Onnx.Benchmarks -- --filter '*' --job short --inProcess
BenchmarkSwitcher.FromAssembly(typeof(StreamDiffusion.Onnx.Benchmarks.UnetCallBenchmarks).Assembly).Run(args);
