namespace LockFirmware.Simulator.Cli;

/// <summary>locksim entry point.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args)
    {
        if (args.Length == 0) return Demo.Run(Console.Out);
        Console.Error.WriteLine("usage: locksim                 run the demo");
        return 2;
    }
}
