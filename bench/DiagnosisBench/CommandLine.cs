using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.DiagnosisBench;

/// <summary>
/// DiagnosisBench's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    // --physical: after each stiff_actuator / weak_actuator run, let the winding cool for 120 s and drive the bare plant
    // (no firmware) at full duty for 4 s each way; prints how many of the injected actuators can complete a stroke at all
    // (one that cannot is a stall, a jam by issue 4's own definition) and what the firmware named for each group. Nothing
    // else changes; the matrix counts are the same with or without it.
    // --strokes PATH: one CSV line per completed stroke (what the actuator assessment saw), for tuning StrokeAssessor.
    // --stalls PATH: one CSV line per stroke that ended jammed, misaligned or on its time limit (what the stall-cause rules
    // see); takes the place of --strokes when both are given.
    // --class C: only the runs of class C (the row index in the table, 0 = healthy); the seeds are those of the full run.
    // --run-budget-s S: wall-clock seconds one run may go without progress before it is recorded as hung.
    /// <summary>A new declaration of DiagnosisBench's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("DiagnosisBench",
            "usage: dotnet run -c Release --project bench/DiagnosisBench -- [--runs N] [--seed S] [--csv PATH] [--physical] [--class C] "
            + "[--strokes PATH] [--stalls PATH] [--run-budget-s S]\n"
            + "Confusion matrix of the firmware's self-diagnosis: --runs N runs per fault class (1..1,000,000, default 200); --seed S the "
            + "random seed (0..2,147,483,646, default 1); --csv PATH writes one CSV line per run; --physical also drives the bare plant after "
            + "each stiff/weak actuator run to tell which of them can still complete a stroke; --class C runs only class C (0 = healthy .. 10, "
            + "default all); --strokes PATH writes one CSV line per completed stroke; --stalls PATH one per jammed, misaligned or timed-out "
            + "stroke (instead of --strokes); --run-budget-s S wall seconds a run may go without progress before it counts as hung (1..86,400, default 60).")
        .Int("--runs", 200, 1, 1_000_000).Int("--seed", 1, 0, BenchArgs.MaxSeed).Text("--csv").Flag("--physical")
        .Int("--class", -1, 0, 10).Text("--strokes").Text("--stalls").Int("--run-budget-s", 60, 1, 86_400);
}
