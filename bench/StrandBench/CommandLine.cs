using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.StrandBench;

/// <summary>
/// StrandBench's command line: its options with their defaults and ranges, and its usage text. Declared apart from Program.cs
/// so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of StrandBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("StrandBench",
            "usage: dotnet run -c Release --project bench/StrandBench -- [--units N]\n"
            + "Cold used alkaline packs and stiff bolts (-30/-25/-20 C, friction x1.2/1.4/1.6, 25/31/40 %): each simulated unit "
            + "locks, and 11.5 s later unlocks; counts the owners left with the bolt in the strike. --units N runs units 1..N of "
            + "every cell (N from 1 to 200, default 20).")
        .Int("--units", 20, 1, 200);
}
