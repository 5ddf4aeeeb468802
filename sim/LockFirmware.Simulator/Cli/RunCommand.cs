using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Scenarios;

namespace LockFirmware.Simulator.Cli;

/// <summary><c>locksim run FILE [--seed N] [--json] [--trace OUT.csv] [--plot OUT.png]</c>.</summary>
public static class RunCommand
{
    /// <summary>Runs; returns the exit code (0 held, 1 failed or stopped on an internal error, 2 bad file or arguments).</summary>
    /// <param name="args">Arguments after <c>run</c>.</param>
    /// <param name="output">Readable output.</param>
    /// <param name="error">Error output.</param>
    /// <param name="jsonOutput">Where JSON lines go with <c>--json</c>.</param>
    public static int Execute(string[] args, TextWriter output, TextWriter error, Stream jsonOutput)
    {
        var a = RunArguments.Parse(args, out string argError);
        if (a == null)
        {
            error.WriteLine($"locksim run: {argError}");
            error.WriteLine(Program.Usage);
            return 2;
        }
        Scenario scenario;
        try { scenario = ScenarioLoader.LoadFile(a.File); }
        catch (ScenarioException e)
        {
            error.WriteLine(e.ToString());
            return 2;
        }
        foreach (string w in scenario.Warnings) error.WriteLine(w);

        // An output named like the scenario file (or like the other output) would overwrite it: `--trace s.yaml` truncated
        // the scenario it had just read, and the run then ended with exit 0 (yfuzz12, HostileInputTests).
        if (SamePath(a.TracePath, a.File) || SamePath(a.PlotPath, a.File))
        {
            error.WriteLine($"locksim run: {(SamePath(a.TracePath, a.File) ? "--trace" : "--plot")} would overwrite the scenario file {a.File}; give another file name");
            return 2;
        }
        if (SamePath(a.TracePath, a.PlotPath))
        {
            error.WriteLine($"locksim run: --trace and --plot name the same file {a.TracePath}; give each its own");
            return 2;
        }

        StreamWriter? csv = null;
        try
        {
            if (a.TracePath != null) csv = new StreamWriter(a.TracePath, false, new System.Text.UTF8Encoding(false)) { NewLine = "\n" };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error.WriteLine($"locksim run: cannot write the trace {a.TracePath}: {e.Message}");
            return 2;
        }

        // A plot that cannot be written is known before the run: the whole scenario used to run first, then exit 2
        // blaming SkiaSharp and the fonts for a missing directory (hunt7).
        if (a.PlotPath != null && PlotPathProblem(a.PlotPath) is string problem)
        {
            csv?.Dispose();
            error.WriteLine($"locksim run: cannot write the plot {a.PlotPath}: {problem}");
            return 2;
        }

        RunResult result;
        ScenarioRunner runner;
        TraceRecorder? trace = csv != null || a.PlotPath != null ? new TraceRecorder(csv, a.PlotPath != null) : null;
        try
        {
            if (!a.Json)
            {
                output.WriteLine($"scenario: {scenario.Name} ({scenario.File}, seed {a.Seed ?? scenario.Seed}, runs to {Duration.Format(scenario.EndMs)})");
            }
            runner = new ScenarioRunner(scenario, a.Seed)
            {
                Timeline = a.Json ? null : output,
                Json = a.Json ? new JsonLineWriter(jsonOutput) : null,
                Trace = trace,
            };
            result = runner.Run();
        }
        catch (ScenarioException e)
        {
            error.WriteLine(e.ToString());
            return 2;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The contract knows 0 (held), 1 (failed) and 2 (bad file or arguments). A run stopped by an exception (a
            // firmware or simulator defect, an output that cannot be written) held nothing: exit 1 and say what stopped
            // it, rather than the runtime's abort (exit 134 and a bare stack trace).
            error.WriteLine($"locksim run: the run stopped on an internal error: {e.GetType().Name}: {e.Message}");
            error.WriteLine(e.StackTrace);
            error.WriteLine("FAIL: the run did not complete");
            return 1;
        }
        finally
        {
            csv?.Dispose();
        }

        if (a.PlotPath != null)
        {
            try { PlotRenderer.Render(a.PlotPath, $"{scenario.Name} (seed {a.Seed ?? scenario.Seed})", trace!.Samples, runner.Sim!.Events); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Rendering needs SkiaSharp's native library and a font; say so instead of a stack trace (a file that
                // cannot be written is not that).
                error.WriteLine($"locksim run: cannot render the plot {a.PlotPath}: {e.GetType().Name}: {e.Message}");
                if (e is not (IOException or UnauthorizedAccessException))
                {
                    error.WriteLine("  (ScottPlot needs libSkiaSharp and a font, e.g. apt-get install fontconfig fonts-dejavu-core)");
                }
                return 2;
            }
        }

        if (!a.Json)
        {
            output.WriteLine();
            output.WriteLine("expectations:");
            foreach (var r in result.Results) output.WriteLine((r.Passed ? "  ok    " : "  FAIL  ") + r.Describe(scenario.File));
            if (result.Results.Count == 0) output.WriteLine("  (none)");
            var f = result.Final;
            output.WriteLine();
            output.WriteLine($"end {TimelineFormatter.Time(f.TMs).Trim()}: lock_state={f.LockState ?? "-"} door_state={f.DoorState ?? "-"} bolt={f.BoltMm:F1} mm " +
                             $"battery={(f.BatteryMillivolts?.ToString() ?? "-")} mV ({f.BatteryLevel ?? "-"}) locks={f.Locks} unlocks={f.Unlocks} " +
                             $"faults_active=[{string.Join(",", f.FaultsActive)}] faults_seen=[{string.Join(",", f.FaultsSeen)}] alarms=[{string.Join(",", f.Alarms)}] mcu_running={(f.McuRunning ? "true" : "false")}");
            int failed = result.Failed.Count();
            output.WriteLine(failed == 0 ? $"PASS: {result.Results.Count} expectation checks held" : $"FAIL: {failed} of {result.Results.Count} expectation checks failed");
        }
        else
        {
            foreach (var r in result.Failed) error.WriteLine("FAIL " + r.Describe(scenario.File));
        }
        return result.ExitCode;
    }

    /// <summary>True when both paths are given and name the same file (by full path, through a symbolic link too).</summary>
    private static bool SamePath(string? a, string? b)
    {
        if (a == null || b == null) return false;
        try { return string.Equals(Resolve(a), Resolve(b), OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or IOException or UnauthorizedAccessException) { return false; }
    }

    private static string Resolve(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        return info.Exists && info.LinkTarget != null ? info.ResolveLinkTarget(true)?.FullName ?? info.FullName : info.FullName;
    }

    /// <summary>Why <paramref name="path"/> cannot take the plot (a directory, or in a directory that does not exist); null when it can.</summary>
    private static string? PlotPathProblem(string path)
    {
        string full;
        try { full = Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { return e.Message; }
        if (Directory.Exists(full)) return "it is a directory";
        string? dir = Path.GetDirectoryName(full);
        return dir != null && !Directory.Exists(dir) ? $"the directory {dir} does not exist" : null;
    }
}
