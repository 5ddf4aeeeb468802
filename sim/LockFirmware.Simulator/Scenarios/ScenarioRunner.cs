using System.Text;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Runs a <see cref="Scenario"/> against the unchanged firmware: builds the <see cref="SimulatedLock"/> from the
/// hardware block, schedules the steps, checks timed expectations when their time comes (after that time's
/// steps) and <c>at: end</c> ones after the run, and reports through the optional outputs.
/// </summary>
public sealed class ScenarioRunner
{
    private readonly Scenario _scenario;
    private readonly int _seed;
    private readonly StringBuilder _console = new();
    private readonly StringBuilder _partialLine = new();
    private readonly List<ExpectationResult> _results = new();

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
                    DoorOpen = hw.DoorOpen, StrikeOffsetMm = hw.StrikeOffsetMm, FrictionFactor = hw.FrictionFactor,
                },
            });
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            throw new ScenarioException(_scenario.File, 0, "the lock cannot be provisioned with this hardware and these codes: " + e.Message);
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

        foreach (var step in _scenario.Steps)
        {
            StepScheduler.Schedule(sim, step,
                (t, what) => Timeline?.WriteLine($"{TimelineFormatter.Time(t)}  > {what}"),
                (t, line) =>
                {
                    Timeline?.WriteLine($"{TimelineFormatter.Time(t)}  console< {line}");
                    Json?.Console(t, "in", line);
                });
        }
        foreach (var e in _scenario.Expectations)
        {
            if (e.AtMs is long t) sim.At(t, () => Check(sim, e));
        }
        long end = _scenario.EndMs;
        sim.RunUntil(end);
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
