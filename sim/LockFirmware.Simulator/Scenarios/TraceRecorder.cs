using System.Globalization;
using System.Text;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Samples the run from <see cref="SimulatedLock.OnStep"/> and <see cref="SimulatedLock.BeforeQuiet"/>: every 1 ms step
/// while the motor is energised, the bolt moves, or the bridge or lock state changes (also when a poll changed them just
/// before a quiet jump), and at least once per second otherwise (quiet jumps are filled with 1 s rows of the unchanged
/// state). Measured columns are what the firmware itself last read
/// (<c>Drive.LastMilliamps</c> during a stroke, <c>Drive.LastBatteryMillivolts</c> during a stroke and
/// <c>Battery.RestMillivolts</c> otherwise), so recording never samples the plant's ADC and never changes the run.
/// </summary>
public sealed class TraceRecorder
{
    /// <summary>The CSV header required by the contract.</summary>
    public const string Header = "t_ms,bridge,duty_permille,motor_v,motor_ma,motor_ma_measured,bolt_mm,battery_mv,battery_mv_measured,lock_state";

    private readonly TextWriter? _csv;
    private readonly List<TraceSample>? _keep;
    private TraceSample _last;
    private bool _any;

    /// <summary>Creates a recorder writing CSV to <paramref name="csv"/> (may be null) and keeping samples in memory when <paramref name="keep"/>.</summary>
    public TraceRecorder(TextWriter? csv, bool keep)
    {
        _csv = csv;
        _keep = keep ? new List<TraceSample>() : null;
        _csv?.WriteLine(Header);
    }

    /// <summary>Samples kept in memory (empty unless constructed with keep).</summary>
    public IReadOnlyList<TraceSample> Samples => (IReadOnlyList<TraceSample>?)_keep ?? Array.Empty<TraceSample>();

    /// <summary>Attach to <paramref name="sim"/> (records time 0 immediately).</summary>
    public void Attach(SimulatedLock sim)
    {
        var previous = sim.OnStep;
        sim.OnStep = s => { previous?.Invoke(s); OnStep(s); };
        // A change a poll made just before a quiet jump is recorded at its time, not at the end of the jump.
        var before = sim.BeforeQuiet;
        sim.BeforeQuiet = s => { before?.Invoke(s); OnStep(s); };
        Emit(Take(sim));
    }

    private static string Name(BridgeMode b) => b switch
    {
        BridgeMode.Forward => "forward",
        BridgeMode.Reverse => "reverse",
        BridgeMode.Brake => "brake",
        _ => "coast",
    };

    private static TraceSample Take(SimulatedLock sim)
    {
        var p = sim.Plant;
        var fw = sim.Firmware;
        int? ma = null, bmv = null;
        string? state = null;
        if (fw != null)
        {
            bool busy = fw.Drive.Busy;
            if (busy) ma = fw.Drive.LastMilliamps;
            bmv = busy && fw.Drive.LastBatteryMillivolts > 0 ? fw.Drive.LastBatteryMillivolts : fw.Battery.RestMillivolts;
            state = Names.LockState(fw.LockState);
        }
        return new TraceSample(sim.NowMs, p.Bridge, p.DutyPermille, p.MotorVolts, p.MotorCurrentMilliamps, ma, p.ReportedBoltMm, p.BatteryTerminalMillivolts, bmv, state);
    }

    private void OnStep(SimulatedLock sim)
    {
        var s = Take(sim);
        bool active = sim.Plant.MotorEnergised || Math.Abs(s.BoltMm - _last.BoltMm) > 1e-6 || s.Bridge != _last.Bridge || s.LockState != _last.LockState || s.MotorMilliamps != _last.MotorMilliamps;
        if (!active && s.TMs - _last.TMs < 1000) return;
        for (long t = _last.TMs + 1000; t < s.TMs; t += 1000) Emit(_last with { TMs = t });
        // The previous state held until just before this change: a row at t-1 keeps lines in plots square.
        if (active && s.TMs - _last.TMs > 1) Emit(_last with { TMs = s.TMs - 1 });
        Emit(s);
    }

    private void Emit(TraceSample s)
    {
        if (_any && s.TMs == _last.TMs && s == _last) return;
        _any = true;
        _last = s;
        _keep?.Add(s);
        if (_csv == null) return;
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder(96);
        sb.Append(s.TMs.ToString(ci)).Append(',')
          .Append(Name(s.Bridge)).Append(',')
          .Append(s.DutyPermille.ToString(ci)).Append(',')
          .Append(s.MotorVolts.ToString("0.###", ci)).Append(',')
          .Append(s.MotorMilliamps.ToString("0.#", ci)).Append(',')
          .Append(s.MotorMilliampsMeasured?.ToString(ci)).Append(',')
          .Append(s.BoltMm.ToString("0.###", ci)).Append(',')
          .Append(s.BatteryMillivolts.ToString("0", ci)).Append(',')
          .Append(s.BatteryMillivoltsMeasured?.ToString(ci)).Append(',')
          .Append(s.LockState);
        _csv.WriteLine(sb.ToString());
    }
}
