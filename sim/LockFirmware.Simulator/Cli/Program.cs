namespace LockFirmware.Simulator.Cli;

/// <summary>locksim entry point.</summary>
public static class Program
{
    /// <summary>Usage text.</summary>
    public const string Usage =
        "usage: locksim                                   run the demo\n" +
        "       locksim run FILE [--seed N] [--json] [--trace OUT.csv] [--plot OUT.png]\n" +
        "       locksim console [--pty]                   the firmware in real time with its serial console\n" +
        "exit codes (run): 0 all expectations held, 1 at least one failed, 2 bad file or arguments";

    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0) return Demo.Run(Console.Out);
        switch (args[0])
        {
            case "run": return RunCommand.Execute(args.Skip(1).ToArray(), Console.Out, Console.Error, Console.OpenStandardOutput());
            case "console": return ConsoleHost.Execute(args.Skip(1).ToArray(), Console.Error);
            case "demo": return Demo.Run(Console.Out);
            case "-h":
            case "--help":
            case "help":
                Console.Out.WriteLine(Usage);
                return 0;
            default:
                Console.Error.WriteLine($"locksim: unknown command '{args[0]}'");
                Console.Error.WriteLine(Usage);
                return 2;
        }
    }
}
