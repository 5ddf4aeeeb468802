namespace LockFirmware.Simulator.Cli;

/// <summary>locksim entry point.</summary>
public static class Program
{
    /// <summary>Runs the CLI.</summary>
    public static int Main(string[] args)
    {
        System.Console.WriteLine("locksim: under construction");
        return 0;
    }
}
