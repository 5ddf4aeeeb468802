using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.ActuationBench;

/// <summary>
/// ActuationBench's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    // --stops: also print how well the drive's back-EMF estimate places each stall stop (the StallClassifier's input) against
    // the plant's true bolt position, for strike-face stops and jam stops (docs/actuation.md, strike zone). Figures are unchanged.
    /// <summary>A new declaration of ActuationBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("ActuationBench",
            "usage: dotnet run -c Release --project bench/ActuationBench -- [--normal N] [--jams N] [--misaligned N] [--seed S] [--stops]\n"
            + "Randomised strokes on the physics plant: --normal N lock/unlock strokes on healthy units (default 2000), --jams N strokes "
            + "into a jam (default 300), --misaligned N strokes onto a misaligned strike (default 100), each 0..10,000,000; --seed S "
            + "the random seed (0..2,147,483,646, default 1); --stops also prints how well the back-EMF estimate places each stall stop.")
        .Int("--normal", 2000, 0, 10_000_000).Int("--jams", 300, 0, 10_000_000).Int("--misaligned", 100, 0, 10_000_000)
        .Int("--seed", 1, 0, BenchArgs.MaxSeed).Flag("--stops");
}
