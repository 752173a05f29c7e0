using StreamDiffusion.Broadcast.Cli;

return CommandLineApp.Run(args, Console.Out, Console.Error);
