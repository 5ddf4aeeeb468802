using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.LoopSpeed;

/// <summary>
/// LoopSpeed's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of LoopSpeed's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("LoopSpeed",
            "usage: dotnet run -c Release --project bench/LoopSpeed -- [--strokes N] [--idle-hours H] [--seed S]\n"
            + "Simulated seconds per wall-clock second of the firmware and plant together, on one thread: --strokes N back-to-back "
            + "lock/unlock strokes in the motor stretch (1..10,000,000, default 1000); --idle-hours H hours of the idle stretch "
            + "(0.01..1,000,000, default 720); --seed S the simulated unit (0..2,147,483,646, default 1).")
        .Int("--strokes", 1000, 1, 10_000_000).Number("--idle-hours", 720, 0.01, 1_000_000).Int("--seed", 1, 0, BenchArgs.MaxSeed)
        ;
}
