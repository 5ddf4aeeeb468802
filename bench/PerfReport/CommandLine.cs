using LockFirmware.Bench.Shared;

namespace LockFirmware.Bench.PerfReport;

/// <summary>
/// PerfReport's command line: its flags and options with their defaults and ranges, and its usage text. Declared apart from
/// Program.cs so that the tests parse the real declaration (selftest BenchArgsTests).
/// </summary>
internal static class CommandLine
{
    /// <summary>A new declaration of PerfReport's command line.</summary>
    public static BenchArgs Spec() => new BenchArgs("PerfReport",
            "usage: dotnet run -c Release --project bench/PerfReport -- [--logs DIR] [--out FILE] [--plots DIR] [--diag-csv FILE]\n"
            + "Renders the performance figures and writes the report from the benchmarks' captured stdout: --logs DIR the captured "
            + "logs (must exist; default docs/performance/logs); --out FILE the report written (default docs/performance.md); --plots DIR "
            + "where the figures go (default docs/performance); --diag-csv FILE DiagnosisBench's per-run CSV (default diagnosis-runs.csv "
            + "in the --logs directory).")
        .Text("--logs", "docs/performance/logs").Text("--out", "docs/performance.md").Text("--plots", "docs/performance").Text("--diag-csv");
}
