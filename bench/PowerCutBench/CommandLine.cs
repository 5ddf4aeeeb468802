using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.PowerCutBench;

/// <summary>
/// PowerCutBench's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of PowerCutBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("PowerCutBench",
            "usage: dotnet run -c Release --project bench/PowerCutBench -- [--cuts N] [--seed S]\n"
            + "Power cuts at random instants against the real firmware, then a reboot and a check that nothing stored was lost or "
            + "corrupted: --cuts N how many cuts (1..10,000,000, default 1000); --seed S the random seed and simulated unit "
            + "(0..2,147,483,646, default 1).")
        .Int("--cuts", 1000, 1, 10_000_000).Int("--seed", 1, 0, BenchArgs.MaxSeed);
}
