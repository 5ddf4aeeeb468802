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
            "usage: dotnet run -c Release --project bench/StrandBench -- [alkaline|lithium|nimh] [--units N] [--night]\n"
            + "Cold used packs and stiff bolts (-30/-25/-20 C, and -40 C for lithium, rated to it; friction x1.2/1.4/1.6; "
            + "25/31/40/60/80/100 % charged): each simulated unit locks, and 11.5 s later unlocks; counts the owners left with the bolt in "
            + "the strike. The chemistry word picks the pack (default alkaline); --units N runs units 1..N of every cell (N from 1 "
            + "to 200, default 20). --night: the lock is made at -10 C and the unlock typed at the keypad two hours after the air "
            + "fell to the cell's temperature.")
        .Words("alkaline", "lithium", "nimh")
        .Int("--units", 20, 1, 200)
        .Flag("--night");
}
