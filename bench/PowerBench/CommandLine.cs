using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.PowerBench;

/// <summary>
/// PowerBench's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    // --seed N: another simulated unit (its ADC reference error, noise and cells differ; the default is unit 1).
    // --trace: after the table, every gauge sample of each run (estimate against the operations actually left, the
    // count's state of charge and resistance against the plant's truth), for diagnosing a unit.
    /// <summary>A new declaration of PowerBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("PowerBench",
            "usage: dotnet run -c Release --project bench/PowerBench -- [alkaline|lithium] [+20|-20] [--seed N] [--trace]\n"
            + "Full discharges at 10 operations a day through the firmware, our gauge against the fixed 4.8 V / 4.5 V thresholds, "
            + "and the energy budget: the words alkaline, lithium, +20, -20 keep only the cases (pack, temperature C) matching every word "
            + "given (default all four; the budget is that of the first case kept); --seed N another simulated unit "
            + "(0..2,147,483,646, default 1); --trace prints every gauge sample of each run after the table.")
        .Words("alkaline", "lithium", "+20", "-20").Int("--seed", 1, 0, BenchArgs.MaxSeed).Flag("--trace");
}
