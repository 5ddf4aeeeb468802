namespace LockFirmware.Simulator.Scenarios;

/// <summary>A loaded, validated scenario file (the contract's format; see docs/scenarios.md).</summary>
public sealed class Scenario
{
    /// <summary>File the scenario came from (as given).</summary>
    public string File { get; set; } = "";
    /// <summary>Human name.</summary>
    public string Name { get; set; } = "";
    /// <summary>Random seed (default 1).</summary>
    public int Seed { get; set; } = 1;
    /// <summary>Hardware at the start.</summary>
    public ScenarioHardware Hardware { get; set; } = new();
    /// <summary>Bolt locked at the start (default true).</summary>
    public bool StartLocked { get; set; } = true;
    /// <summary>User codes (default 123456).</summary>
    public IReadOnlyList<string> UserCodes { get; set; } = new[] { "123456" };
    /// <summary>Master code.</summary>
    public string MasterCode { get; set; } = "87654321";
    /// <summary>Technician credential.</summary>
    public string TechnicianCode { get; set; } = "24681357";
    /// <summary>Line of the <c>codes</c> key (0: none; provisioning refusals point here).</summary>
    public int CodesLine { get; set; }
    /// <summary>Line of the <c>hardware</c> key (0: none).</summary>
    public int HardwareLine { get; set; }
    /// <summary>Steps in file order.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; set; } = Array.Empty<ScenarioStep>();
    /// <summary>Expectations in file order.</summary>
    public IReadOnlyList<Expectation> Expectations { get; set; } = Array.Empty<Expectation>();
    /// <summary>
    /// Lines that load but most likely do not say what their writer meant ("FILE:LINE: reason"), printed to stderr before
    /// the run; they do not change the exit code.
    /// </summary>
    public List<string> Warnings { get; } = new();
    /// <summary>Explicit end time, ms (null: <see cref="EndMs"/> is derived).</summary>
    public long? RunUntilMs { get; set; }
    /// <summary>Quiet time after the last step or expectation when there is no <c>run_until</c>, ms.</summary>
    public const long TailMs = 5000;

    /// <summary>
    /// Without <c>run_until</c>, how long past <see cref="EndMs"/> the run waits at most for a stroke still under way to end, ms:
    /// the end is when the last step's operation has finished, not half way through it (a cold stiff unlock crawls for up to
    /// 10 s, ActuationTuning.MaxUnlockStrokeMs). 40 s covers an unlock's three attempts with their back-offs and pauses and a
    /// lock's way back after giving up; a drive still busy after that is judged as it stands.
    /// </summary>
    public const long StrokeWaitLimitMs = 40000;

    /// <summary>
    /// When the run ends: <c>run_until</c>, else 5 s after the last step (its last repetition; key typing
    /// counted at up to 520 ms per key), power restoration or timed expectation, or later when a stroke is still under way
    /// then (<see cref="StrokeWaitLimitMs"/>, ScenarioRunner).
    /// </summary>
    public long EndMs
    {
        get
        {
            if (RunUntilMs is long r) return r;
            long last = 0;
            foreach (var s in Steps)
            {
                long start = s.AtMs + (s.Kind == StepKind.Repeat ? s.DurationMs * (s.Times - 1) : 0);
                // A `console: sim keys|power_cut ...` line counts as the keys or cut it stands for.
                long extra = s.TypedKeys() is string keys ? keys.Length * 520L : s.PowerCutMs();
                last = Math.Max(last, start + extra);
            }
            foreach (var e in Expectations) if (e.AtMs is long t) last = Math.Max(last, t);
            return last + TailMs;
        }
    }
}
