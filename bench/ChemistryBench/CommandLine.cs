using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.ChemistryBench;

/// <summary>
/// ChemistryBench's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of ChemistryBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("ChemistryBench",
            "usage: dotnet run -c Release --project bench/ChemistryBench -- [--seeds N]\n"
            + "Which chemistry and battery level the firmware reads after a battery swap and after a power cut, for every pack, state "
            + "of charge and temperature: --seeds N runs simulated units 1..N (N from 1 to 50, default 1).")
        .Int("--seeds", 1, 1, 50);
}
