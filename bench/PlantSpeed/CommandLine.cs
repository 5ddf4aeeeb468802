using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.PlantSpeed;

/// <summary>
/// PlantSpeed's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of PlantSpeed's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("PlantSpeed",
            "usage: dotnet run -c Release --project bench/PlantSpeed -- [--seconds N] [--steps N]\n"
            + "Simulated seconds per wall-clock second of the plant alone, on one core: --seconds N simulated seconds per motor "
            + "repeat (0.1..1,000,000, default 600); --steps N instead runs N motor steps of 1 ms untimed and prints a checksum "
            + "(0..2,147,483,647; for instruction counts under valgrind).")
        .Number("--seconds", 600, 0.1, 1_000_000).Int("--steps", 0, 0, int.MaxValue);
}
