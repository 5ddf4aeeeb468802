using System.Text;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Runs a <see cref="Scenario"/> against the unchanged firmware: builds the <see cref="SimulatedLock"/> from the
/// hardware block, schedules the steps, checks timed expectations when their time comes (after that time's
/// steps, once the firmware has handled them: <see cref="SettleLimitMs"/>) and <c>at: end</c> ones after the run,
/// and reports through the optional outputs.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly Scenario _scenario;
    private readonly int _seed;
    private readonly StringBuilder _console = new();
    private readonly StringBuilder _partialLine = new();
    private readonly List<ExpectationResult> _results = new();
    private readonly List<Expectation> _due = new();
    private int _typingLine;

    /// <summary>Prepares a run; <paramref name="seedOverride"/> replaces the file's seed.</summary>
    public ScenarioRunner(Scenario scenario, int? seedOverride = null)
    {
        _scenario = scenario;
        _seed = seedOverride ?? scenario.Seed;
    }

    /// <summary>Readable timeline output (null: none).</summary>
    public TextWriter? Timeline { get; init; }
    /// <summary>JSON lines output (null: none).</summary>
    public JsonLineWriter? Json { get; init; }
    /// <summary>Trace recorder (null: none).</summary>
    public TraceRecorder? Trace { get; init; }
    /// <summary>The simulation, available once <see cref="Run"/> started (for plots of events).</summary>
    public SimulatedLock? Sim { get; private set; }

    /// <summary>Runs to the end and returns the results.</summary>
    public RunResult Run()
    {
        var hw = _scenario.Hardware;
        SimulatedLock sim;
        try
        {
            sim = new SimulatedLock(new SimOptions
            {
                Seed = _seed,
                StartLocked = _scenario.StartLocked,
                UserCodes = _scenario.UserCodes,
                MasterCode = _scenario.MasterCode,
                TechnicianCode = _scenario.TechnicianCode,
                Hardware = new Plant.PlantParameters
                {
                    TemperatureC = hw.TemperatureC, Chemistry = hw.Chemistry, StateOfCharge = hw.StateOfCharge,
                    DoorOpen = hw.DoorOpen, StrikeOffsetMm = hw.StrikeOffsetMm,
                },
                // A scenario's friction_factor is the bolt as it is now, against the calibration made when it was fitted.
                FrictionSinceFitting = hw.FrictionFactor,
            });
        }
        catch (ArgumentException e)
        {
            // The loader applies the firmware's code rules already; this is the provisioning itself refusing.
            throw new ScenarioException(_scenario.File, _scenario.CodesLine, "the lock cannot be provisioned with these codes: " + e.Message);
        }
        catch (InvalidOperationException e)
        {
            throw new ScenarioException(_scenario.File, _scenario.HardwareLine, "the lock cannot be provisioned on this hardware: " + e.Message);
        }
        Sim = sim;
        sim.OnEvent = e =>
        {
            Timeline?.WriteLine(TimelineFormatter.Describe(e));
            Json?.Event(e);
        };
        // What the firmware reported while booting at time 0 (the first battery reading, a low pack's fault).
        foreach (var e in sim.Events) sim.OnEvent(e);
        sim.Serial.OnOutput = (buf, off, n) => ConsoleOutput(sim.NowMs, Encoding.ASCII.GetString(buf, off, n));
        Trace?.Attach(sim);

        long end = _scenario.EndMs;
        foreach (var step in _scenario.Steps)
        {
            bool keys = step.TypedKeys() != null;
            // A `console: sim keys` line starts its typing when the line is handled, after this step's own checks at
            // that instant were queued: its fit check is queued from there, so that it runs after the typing started.
            bool simKeys = keys && step.SimAction() != null;
            int times = step.Kind == StepKind.Repeat ? step.Times : 1;
            // The loader refuses typing that overlaps or outlasts the run at an awake keypad; whether a keypad is asleep
            // (the person wakes it first, WakeWaitMs) shows only when the typing starts.
            for (int i = 0; keys && i < times; i++)
            {
                long at = step.AtMs + step.DurationMs * i;
                sim.At(at, () => CheckKeypadFree(sim, step, at));
            }
            StepScheduler.Schedule(sim, step,
                (t, what) => Timeline?.WriteLine($"{TimelineFormatter.Time(t)}  > {what}"),
                (t, line) =>
                {
                    // A line sent while the lock has no power reaches no UART (SimulatedLock.ConsoleAt): say so, not silence.
                    bool lost = !SimCommand.IsSimCommand(line) && !sim.Plant.McuPowered;
                    string shown = ConsoleEcho.Mask(line);
                    Timeline?.WriteLine($"{TimelineFormatter.Time(t)}  console< {shown}{(lost ? "  (lost: the lock has no power)" : "")}");
                    Json?.Console(t, "in", shown, !lost);
                },
                (t, text) => ConsoleOutput(t, text));
            for (int i = 0; keys && i < times; i++)
            {
                long at = step.AtMs + step.DurationMs * i;
                if (simKeys) sim.At(at, () => sim.At(at, () => CheckTypingFits(sim, step, at, end)));
                else sim.At(at, () => CheckTypingFits(sim, step, at, end));
            }
        }
        // A timed expectation is due at its time after that time's steps (scheduled after them), and is checked once
        // the firmware has handled what happened (SimulatedLock.Settled), at most SettleLimitMs later.
        foreach (var e in _scenario.Expectations)
        {
            if (e.AtMs is long t) sim.At(t, () => _due.Add(e));
        }
        sim.OnInstantHandled = () => CheckDue(sim, force: false);
        sim.RunUntil(end);
        // What is due at the end instant itself (a step or expectation at run_until) happens too.
        sim.FinishInstant();
        // A person who had to press * again on a keypad still dark (SimulatedLock.StartTyping) types later than the
        // check at the typing's start could know.
        if (sim.TypingUntilMs > end)
        {
            throw new ScenarioException(_scenario.File, _typingLine,
                $"keys would still be typed at run_until {Duration.Format(end)} (until {Duration.Format(sim.TypingUntilMs)}: the keypad stayed dark, " +
                $"so the person pressed * again, {SimulatedLock.WakeWaitMs} ms each time)");
        }
        // Without run_until, "end" is after the last step's operation: a stroke still under way at the derived end is let
        // finish (at most StrokeWaitLimitMs), so `at: end` does not judge a bolt half way out.
        if (_scenario.RunUntilMs == null)
        {
            long limit = end + Scenario.StrokeWaitLimitMs;
            while (sim.Firmware?.Drive.Busy == true && sim.NowMs < limit) sim.RunUntil(Math.Min(sim.NowMs + 10, limit));
        }
        // A step at the end instant (run_until) has its immediate reaction too, as at any other time (a door opened at
        // run_until: the reed's edge reaches the firmware at the next 1 ms step). The run used to stop before it, and `at: end`
        // and an expectation at run_until saw the door still closed (blind acceptance tests, 2026-11-28). Settled already,
        // nothing moves.
        long settleLimit = sim.NowMs + SettleLimitMs;
        while (!sim.Settled && sim.NowMs < settleLimit) sim.RunUntil(sim.NowMs + 1);
        CheckDue(sim, force: true);
        FlushPartialLine(sim.NowMs);
        foreach (var e in _scenario.Expectations)
        {
            if (e.AtMs == null) Check(sim, e);
        }
        var final = new LockSnapshot(sim, _console.ToString());
        var result = new RunResult(_results, final);
        Json?.Summary(final, result.Failed.Select(r => r.Describe(_scenario.File)));
        return result;
    }

    /// <summary>
    /// Longest a timed expectation waits for the firmware to settle after its time, ms: more than a boot out of deep sleep
    /// (<see cref="SimulatedLock.DeepSleepBootMs"/>, a console line or door move waking the lock) and the polls after it.
    /// </summary>
    public const long SettleLimitMs = 1000;

    private void CheckDue(SimulatedLock sim, bool force)
    {
        if (_due.Count == 0) return;
        bool settled = force || sim.Settled;
        for (int i = 0; i < _due.Count; i++)
        {
            var e = _due[i];
            if (!settled && sim.NowMs < e.AtMs!.Value + SettleLimitMs) continue;
            _due.RemoveAt(i--);
            Check(sim, e);
        }
    }

    private void CheckKeypadFree(SimulatedLock sim, ScenarioStep step, long atMs)
    {
        if (sim.TypingUntilMs > sim.NowMs)
        {
            throw new ScenarioException(_scenario.File, step.Line,
                $"keys at {Duration.Format(atMs)} start while the keys of line {_typingLine} are still being typed (until {Duration.Format(sim.TypingUntilMs)}: " +
                $"the lock was asleep, so that person woke it first, {SimulatedLock.WakeWaitMs} ms); one person types one entry at a time");
        }
    }

    private void CheckTypingFits(SimulatedLock sim, ScenarioStep step, long atMs, long endMs)
    {
        _typingLine = step.Line;
        if (sim.TypingUntilMs > endMs)
        {
            throw new ScenarioException(_scenario.File, step.Line,
                $"keys at {Duration.Format(atMs)} would still be typed at run_until {Duration.Format(endMs)} (until {Duration.Format(sim.TypingUntilMs)}: " +
                $"the lock was asleep, so the person woke it first, {SimulatedLock.WakeWaitMs} ms)");
        }
    }

    private void Check(SimulatedLock sim, Expectation e)
    {
        var snap = new LockSnapshot(sim, _console.ToString());
        foreach (var r in ExpectationChecker.Check(e, snap))
        {
            _results.Add(r);
            if (!r.Passed) Timeline?.WriteLine($"{TimelineFormatter.Time(sim.NowMs)}  EXPECTATION FAILED {r.Describe(_scenario.File)}");
        }
    }

    private void ConsoleOutput(long tMs, string text)
    {
        _console.Append(text);
        foreach (char c in text)
        {
            if (c == '\n')
            {
                FlushPartialLine(tMs);
            }
            else if (c != '\r') _partialLine.Append(c);
        }
    }

    private void FlushPartialLine(long tMs)
    {
        if (_partialLine.Length == 0) return;
        string line = _partialLine.ToString();
        _partialLine.Clear();
        Timeline?.WriteLine($"{TimelineFormatter.Time(tMs)}  console> {line}");
        Json?.Console(tMs, "out", line);
    }
}
