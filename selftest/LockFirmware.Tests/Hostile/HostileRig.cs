using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// The real firmware (<see cref="LockController"/>) on a board whose every input a test scripts, in virtual time (no
/// sleeping): ADC channels that stick, jump, read noise or sit at a rail, limit switches and a door reed that flicker or
/// both close, a keypad that reads keys nobody pressed. Behind the scripts sits a crude plant (a bolt that moves while the
/// bridge drives it, a running current, an end-stop current, a pack that sags a little), so a channel scripted "plant"
/// reads something sane. The rig polls the firmware when it asks (<see cref="LockController.NextPollMs"/>), posts input
/// edges as the board's interrupts would, handles deep sleep and resets as the simulator engine does, and checks after
/// every poll and every time step:
/// <list type="bullet">
/// <item>the bridge is never energised (forward or reverse at a duty above 0) for longer than <see cref="EnergisedBoundMs"/>
/// without a break;</item>
/// <item>with the drive idle (and no self-test pulse) the bridge is not energised;</item>
/// <item>the firmware never asks for more than <see cref="MaxPollsPerMs"/> polls at one virtual millisecond (a hang).</item>
/// </list>
/// A broken rule throws <see cref="HostileViolation"/>.
/// </summary>
public sealed class HostileRig : ILockObserver
{
    /// <summary>
    /// Longest the bridge may stay energised without a break, ms: one attempt is cut at its time limit or, while it still
    /// progresses, at the absolute limit (<see cref="ActuationTuning.MaxStrokeMs"/>, 8 s, for a lock and a way back;
    /// <see cref="ActuationTuning.MaxUnlockStrokeMs"/>, 10 s, for an unlock; docs/actuation.md, Detection rule 7), and a lock
    /// that reached its switch at a crawl drives on into the end stop for <see cref="ActuationTuning.SeatMs"/> more; the
    /// resistance press before a stroke from an end (<see cref="ActuationTuning.MeasureMs"/>, 30 ms) runs straight into the
    /// attempt without a break; and the checks run on the drive's samples, <see cref="ActuationTuning.SamplePeriodMs"/>
    /// apart, so one sample of slack. Every other stop (stall, brake, back-off, pause, way back) breaks the stretch with a
    /// brake or coast, and the way back is an attempt of its own under the lock's limit.
    /// </summary>
    public const long EnergisedBoundMs = ActuationTuning.MeasureMs + LongestAttemptMs + ActuationTuning.SamplePeriodMs;

    /// <summary>The longer of a lock's attempt with its seat and an unlock's attempt, ms.</summary>
    private const long LongestAttemptMs = ActuationTuning.MaxStrokeMs + ActuationTuning.SeatMs > ActuationTuning.MaxUnlockStrokeMs
        ? ActuationTuning.MaxStrokeMs + ActuationTuning.SeatMs : ActuationTuning.MaxUnlockStrokeMs;

    /// <summary>Polls at one virtual millisecond beyond which the firmware is taken to spin (as <see cref="SimulatedLock.MaxPollsPerMs"/>).</summary>
    public const int MaxPollsPerMs = SimulatedLock.MaxPollsPerMs;

    // The crude plant: the reference lock's throw, its stroke time at full duty, running and stall currents.
    private const double ThrowTenths = BoardConfig.BoltThrowTenthsMm;
    private const double FullDutyStrokeMs = ActuationTuning.NominalStrokeMs;
    private const int RunningMilliamps = 150;
    private const int RestMillivolts = 6000;
    private const int PackMilliohms = 500;

    private readonly Random _noise;
    private readonly RigQuiet _quiet = new();
    private readonly List<string> _segmentsRun = new();
    private long _abs;
    private long _clockOrigin;
    private double _boltTenths;
    private Segment _segment = Segment.Sane(1);
    private long _segmentStart;
    private int _segmentIndex;
    private bool _lastDoor, _lastExtended, _lastRetracted;
    private int _lastColumns;
    private bool _asleep;
    private int _sleepMask;
    private bool _sleepDoor, _sleepExtended, _sleepRetracted;

    /// <summary>Builds the rig on <paramref name="storage"/> with the bolt at <paramref name="boltTenths"/> (0 retracted .. 250 thrown); nothing runs until <see cref="Boot"/>.</summary>
    public HostileRig(SimStorage storage, double boltTenths, int noiseSeed)
    {
        Storage = storage;
        _boltTenths = Math.Clamp(boltTenths, 0, ThrowTenths);
        _noise = new Random(noiseSeed);
        Motor = new RigMotor(() => _abs);
        Battery = new RigAnalog(() => Analog(_segment.Battery, BatteryCounts()));
        Current = new RigAnalog(() => Analog(_segment.Current, CurrentCounts()));
    }

    public SimStorage Storage { get; }
    /// <summary>Called before every poll (investigation).</summary>
    public Action<HostileRig>? BeforePoll { get; set; }
    public RigMotor Motor { get; }
    public RigKeypad Keypad { get; } = new();
    public RigAnalog Battery { get; }
    public RigAnalog Current { get; }
    public SimPowerControl? Power { get; private set; }
    /// <summary>The running firmware (null while in deep sleep).</summary>
    public LockController? Firmware { get; private set; }
    /// <summary>Virtual time since the rig started, ms.</summary>
    public long NowMs => _abs;
    /// <summary>The bolt's true position, tenths of mm.</summary>
    public double BoltTenths => _boltTenths;
    /// <summary>Everything the firmware reported (rig time, kind, code, detail).</summary>
    public List<(long T, LockEventKind Kind, int Code, int Detail)> Events { get; } = new();
    public int Boots { get; private set; }
    public int DeepSleeps { get; private set; }
    /// <summary>What ran so far, for failure messages.</summary>
    public string History => string.Join("\n  ", _segmentsRun);

    /// <summary>The bridge is idle and the self-test is not pulsing: the firmware has no business energising it.</summary>
    public bool DriveIdle => Firmware == null || Firmware.Drive.State == DriveState.Idle && Firmware.SelfTest.State != SelfTestState.Pulsing;

    /// <summary>True when the firmware reported <paramref name="kind"/> with <paramref name="code"/> at or after <paramref name="sinceMs"/>.</summary>
    public bool Reported(LockEventKind kind, int code, long sinceMs) => Events.Any(e => e.T >= sinceMs && e.Kind == kind && e.Code == code);

    /// <summary>True when <paramref name="fault"/> is active now or was raised at or after <paramref name="sinceMs"/>.</summary>
    public bool FaultReported(FaultCode fault, long sinceMs) =>
        Firmware != null && Firmware.Diagnosis.IsActive(fault) || Reported(LockEventKind.Fault, (int)fault, sinceMs);

    /// <summary>Starts a fresh firmware (RAM lost) after <paramref name="cause"/>.</summary>
    public void Boot(ResetCause cause, int wakeLineMask = 0)
    {
        Motor.ForceCoast();
        if (cause == ResetCause.PowerOn || cause == ResetCause.BrownOut) _clockOrigin = _abs;
        _asleep = false;
        Power = new SimPowerControl(cause, wakeLineMask);
        var board = new Board
        {
            Motor = Motor,
            MotorCurrent = Current,
            Battery = Battery,
            LimitExtended = new RigInput(ExtendedHigh),
            LimitRetracted = new RigInput(RetractedHigh),
            Door = new RigInput(DoorHigh),
            Keypad = Keypad,
            Led = _quiet,
            Buzzer = _quiet,
            Clock = new RigClock(() => _abs - _clockOrigin),
            Storage = Storage,
            Console = _quiet,
            Power = Power,
        };
        Boots++;
        Firmware = new LockController(board);
        Firmware.SetObserver(this);
        Firmware.Start();
        SnapshotInputs();
        AfterFirmwareCall("start");
    }

    /// <summary>Runs <paramref name="segment"/>: its action at its start, then its inputs for its duration.</summary>
    public void Run(Segment segment)
    {
        _segment = segment;
        _segmentStart = _abs;
        _segmentIndex++;
        _segmentsRun.Add($"t={_abs} ms: {segment}");
        UpdateKeypad();
        if (segment.Action != HostileAction.None) Act(segment.Action);
        Advance(_abs + segment.DurationMs);
    }

    /// <summary>Switches every input to sane and runs until the drive and self-test are idle (true), for at most <paramref name="maxMs"/>.</summary>
    public bool Settle(int maxMs)
    {
        long end = _abs + maxMs;
        // Sane from now on, whatever the last segment scripted.
        if (!IsSane(_segment)) Run(Segment.Sane(0));
        while (_abs < end)
        {
            if (Firmware == null || Firmware.Drive.State == DriveState.Idle && !Firmware.SelfTest.Running) return true;
            Run(Segment.Sane(100));
        }
        return Firmware == null || Firmware.Drive.State == DriveState.Idle && !Firmware.SelfTest.Running;
    }

    private static bool IsSane(Segment s) => s with { DurationMs = 0, Action = HostileAction.None } == Segment.Sane(0);

    /// <summary>Asks the firmware for <paramref name="action"/> now (waking it first when it deep-sleeps, as the console does).</summary>
    public bool Act(HostileAction action)
    {
        if (action is HostileAction.PowerOn or HostileAction.BrownOut)
        {
            Firmware = null;
            Boot(action == HostileAction.PowerOn ? ResetCause.PowerOn : ResetCause.BrownOut);
            return true;
        }
        if (Firmware == null) Boot(ResetCause.DeepSleepWake, 1 << (int)InputLine.Serial);
        var fw = Firmware!;
        bool result = action switch
        {
            HostileAction.Lock => fw.RequestLock(LockFirmware.Access.OperationSource.Console),
            HostileAction.Unlock => fw.RequestUnlock(LockFirmware.Access.OperationSource.Console),
            HostileAction.Calibrate => fw.StartCalibration(),
            HostileAction.SelfTest => fw.RunSelfTest(),
            _ => true,
        };
        AfterFirmwareCall(action.ToString());
        return result;
    }

    private void Advance(long endAbs)
    {
        long pollsAt = -1;
        int polls = 0;
        while (true)
        {
            UpdateKeypad();
            if (_asleep) WakeIfDue();
            PostEdges();
            var fw = Firmware;
            if (fw != null && fw.NextPollMs <= _abs - _clockOrigin)
            {
                if (pollsAt != _abs) { pollsAt = _abs; polls = 0; }
                if (++polls > MaxPollsPerMs)
                    throw Violation($"the firmware spins: {polls} polls at one millisecond (NextPollMs={fw.NextPollMs}, machine {fw.MachineState}, drive {fw.Drive.State})");
                BeforePoll?.Invoke(this);
                fw.Poll();
                AfterFirmwareCall("poll");
                continue;
            }
            Check();
            if (_abs >= endAbs) break;
            long next = endAbs;
            if (fw != null) next = Math.Min(next, fw.NextPollMs + _clockOrigin);
            next = Math.Min(next, NextInputChangeAbs());
            if (Motor.Energised) next = Math.Min(next, _abs + 1);
            next = Math.Max(next, _abs + 1);
            Step(next - _abs);
        }
    }

    private void AfterFirmwareCall(string what)
    {
        var power = Power!;
        if (power.RebootRequested)
        {
            Firmware = null;
            Boot(ResetCause.Software);
            return;
        }
        if (power.DeepSleepRequested && Firmware != null)
        {
            // RAM lost, GPIOs off: the bridge coasts until a wake line or the timer boots a fresh firmware.
            Firmware = null;
            Motor.ForceCoast();
            _asleep = true;
            DeepSleeps++;
            _sleepMask = power.DeepSleepWakeMask;
            _sleepDoor = DoorHigh();
            _sleepExtended = ExtendedHigh();
            _sleepRetracted = RetractedHigh();
            _sleepDeadlineAbs = power.DeepSleepDeadlineMs + _clockOrigin;
        }
        PostEdges();
        Check(what);
    }

    private long _sleepDeadlineAbs;

    private void WakeIfDue()
    {
        int woke = 0;
        if ((_sleepMask & (1 << (int)InputLine.Keypad)) != 0 && (Keypad.PressedKeys != 0 || Keypad.GarbageColumns != 0)) woke |= 1 << (int)InputLine.Keypad;
        if ((_sleepMask & (1 << (int)InputLine.Door)) != 0 && DoorHigh() != _sleepDoor) woke |= 1 << (int)InputLine.Door;
        if ((_sleepMask & (1 << (int)InputLine.LimitExtended)) != 0 && ExtendedHigh() != _sleepExtended) woke |= 1 << (int)InputLine.LimitExtended;
        if ((_sleepMask & (1 << (int)InputLine.LimitRetracted)) != 0 && RetractedHigh() != _sleepRetracted) woke |= 1 << (int)InputLine.LimitRetracted;
        if (woke != 0 || _abs >= _sleepDeadlineAbs) Boot(ResetCause.DeepSleepWake, woke);
    }

    private void Check(string what = "step")
    {
        if (Motor.LongestMs > EnergisedBoundMs || Motor.RunningMs > EnergisedBoundMs)
            throw Violation($"bridge energised for {Math.Max(Motor.LongestMs, Motor.RunningMs)} ms without a break (bound {EnergisedBoundMs} ms) after {what}");
        var fw = Firmware;
        if (fw != null && Motor.Energised && fw.Drive.State == DriveState.Idle && fw.SelfTest.State != SelfTestState.Pulsing)
            throw Violation($"bridge {Motor.Mode} at {Motor.DutyPermille} permille with the drive idle after {what} (machine {fw.MachineState})");
        if (fw == null && Motor.Energised) throw Violation("bridge energised with no firmware running");
    }

    private HostileViolation Violation(string what) => new($"t={_abs} ms: {what}\n  bridge: {string.Join(" ", Motor.Recent.Select(r => $"{r.T}:{r.Mode}:{r.Duty}"))}\n  trace: {TraceText()}\n  history:\n  {History}");

    /// <summary>The firmware's transition trace, oldest first (the last <see cref="LockController.TraceCapacity"/>).</summary>
    public string TraceText()
    {
        var tr = Firmware?.Trace;
        if (tr == null) return "(asleep)";
        var lines = new List<string>();
        for (int i = tr.Count - 1; i >= 0; i--)
        {
            tr.Get(i, out long t, out var m, out int from, out int to, out var cause);
            lines.Add($"{t + _clockOrigin}:{LockFirmware.Service.TraceNames.Machine(m)}:{LockFirmware.Service.TraceNames.State(m, from)}->{LockFirmware.Service.TraceNames.State(m, to)}:{LockFirmware.Service.TraceNames.Cause(cause)}");
        }
        return string.Join("\n    ", lines.TakeLast(25));
    }

    // ---- the crude plant ----

    private bool MotorMoving => Motor.Energised && (Motor.Mode == BridgeMode.Forward ? _boltTenths < ThrowTenths : _boltTenths > 0);

    private int MotorMilliamps()
    {
        if (!Motor.Energised) return 0;
        if (MotorMoving) return RunningMilliamps;
        // Against an end stop: the stall current of the reference motor at the applied voltage.
        return (int)((long)RestMillivolts * Motor.DutyPermille / 1000 * 1000 / ActuationTuning.NominalMotorMilliohms);
    }

    private int BatteryCounts()
    {
        // The pack carries the motor current in the PWM on-phase only: duty x motor current on average.
        int mv = RestMillivolts - MotorMilliamps() * Motor.DutyPermille / 1000 * PackMilliohms / 1000;
        return (int)((long)mv / BoardConfig.BatteryDividerRatio * BoardConfig.AdcMaxCounts / BoardConfig.AdcFullScaleMillivolts);
    }

    private int CurrentCounts()
    {
        // The DRV8833's sense shunt carries current in the PWM on-phase only: the filtered reading is duty x motor current.
        long sensed = (long)MotorMilliamps() * Motor.DutyPermille / 1000;
        long pinMv = BoardConfig.CurrentSenseOffsetMillivolts + sensed * BoardConfig.CurrentSenseMicrovoltsPerMilliamp / 1000;
        return (int)(pinMv * BoardConfig.AdcMaxCounts / BoardConfig.AdcFullScaleMillivolts);
    }

    private int Analog(AnalogScript s, int plant)
    {
        int v = s.Mode switch
        {
            AnalogMode.Plant => plant + _noise.Next(-2, 3),
            AnalogMode.Constant => s.A,
            AnalogMode.Noise => s.A + _noise.Next(-s.B, s.B + 1),
            AnalogMode.Jump => Phase(s.PeriodMs) % 2 == 0 ? s.A : s.B,
            _ => _noise.Next(0, BoardConfig.AdcMaxCounts + 1),
        };
        return Math.Clamp(v, 0, BoardConfig.AdcMaxCounts);
    }

    private long Phase(int periodMs) => (_abs - _segmentStart) / Math.Max(periodMs, 1);

    private bool Digital(DigitalScript s, bool plant, int salt) => s.Mode switch
    {
        DigitalMode.Plant => plant,
        DigitalMode.Constant => s.High,
        DigitalMode.Flicker => Phase(s.PeriodMs) % 2 == 0 ? s.High : !s.High,
        _ => (Hash(salt, Phase(s.PeriodMs)) & 1) != 0,
    };

    private int Hash(int salt, long phase)
    {
        unchecked
        {
            uint h = (uint)(salt * 73856093) ^ (uint)(_segmentIndex * 19349663) ^ (uint)(phase * 83492791) ^ 0x9E3779B9u;
            h ^= h >> 15; h *= 0x85EBCA6Bu; h ^= h >> 13; h *= 0xC2B2AE35u; h ^= h >> 16;
            return (int)(h & 0x7FFFFFFF);
        }
    }

    // Limit switches and the reed close to ground: a closed contact reads low (BoardConfig).
    private bool ExtendedHigh() => Digital(_segment.Extended, !(_boltTenths >= ThrowTenths - 2), 1);
    private bool RetractedHigh() => Digital(_segment.Retracted, !(_boltTenths <= 2), 2);
    private bool DoorHigh() => Digital(_segment.Door, false, 3);

    private void UpdateKeypad()
    {
        var k = _segment.Keypad;
        Keypad.PressedKeys = 0;
        Keypad.GarbageColumns = 0;
        long phase = Phase(k.PeriodMs);
        switch (k.Mode)
        {
            case KeypadMode.RandomKeys:
                int h = Hash(4, phase);
                if (h % 5 >= 2) Keypad.PressedKeys = 1 << (h / 5 % 12);
                if (h % 7 == 0) Keypad.PressedKeys |= 1 << (h / 35 % 12);
                break;
            case KeypadMode.Garbage:
                if (phase % 2 == 0) Keypad.GarbageColumns = k.Mask;
                break;
            case KeypadMode.Typed:
                // Each key pressed for the first 100 ms of its period.
                long inPeriod = (_abs - _segmentStart) % Math.Max(k.PeriodMs, 1);
                if (phase < k.Keys.Length && inPeriod < 100)
                {
                    int key = BoardConfig.KeypadKeys.IndexOf(k.Keys[(int)phase]);
                    if (key >= 0) Keypad.PressedKeys = 1 << key;
                }
                break;
        }
    }

    private long NextInputChangeAbs()
    {
        long next = long.MaxValue;
        foreach (var d in new[] { _segment.Extended, _segment.Retracted, _segment.Door })
            if (d.Mode is DigitalMode.Flicker or DigitalMode.Random) next = Math.Min(next, NextPhaseAbs(d.PeriodMs));
        if (_segment.Keypad.Mode != KeypadMode.None)
        {
            var k = _segment.Keypad;
            long start = _segmentStart + Phase(k.PeriodMs) * Math.Max(k.PeriodMs, 1);
            next = Math.Min(next, NextPhaseAbs(k.PeriodMs));
            if (k.Mode == KeypadMode.Typed && _abs < start + 100) next = Math.Min(next, start + 100);
        }
        if (_asleep) next = Math.Min(next, _sleepDeadlineAbs);
        return next;
    }

    private long NextPhaseAbs(int periodMs) => _segmentStart + (Phase(periodMs) + 1) * Math.Max(periodMs, 1);

    private void Step(long dtMs)
    {
        if (Motor.Energised)
        {
            double v = ThrowTenths / FullDutyStrokeMs * Motor.DutyPermille / 1000.0 * dtMs;
            _boltTenths = Math.Clamp(_boltTenths + (Motor.Mode == BridgeMode.Forward ? v : -v), 0, ThrowTenths);
        }
        _abs += dtMs;
    }

    private void SnapshotInputs()
    {
        _lastDoor = DoorHigh();
        _lastExtended = ExtendedHigh();
        _lastRetracted = RetractedHigh();
        _lastColumns = Keypad.IdleRows ? Keypad.ReadColumns() : 0;
    }

    private void PostEdges()
    {
        var sink = Power?.Sink;
        if (Firmware == null || sink == null) return;
        bool door = DoorHigh(), extended = ExtendedHigh(), retracted = RetractedHigh();
        if (door != _lastDoor) sink.OnInputChanged(InputLine.Door);
        if (extended != _lastExtended) sink.OnInputChanged(InputLine.LimitExtended);
        if (retracted != _lastRetracted) sink.OnInputChanged(InputLine.LimitRetracted);
        int columns = Keypad.IdleRows ? Keypad.ReadColumns() : 0;
        if (Keypad.IdleRows && columns != _lastColumns && columns != 0) sink.OnInputChanged(InputLine.Keypad);
        _lastDoor = door;
        _lastExtended = extended;
        _lastRetracted = retracted;
        _lastColumns = columns;
    }

    /// <inheritdoc/>
    public void OnLockEvent(long timeMs, LockEventKind kind, int code, int detail) => Events.Add((_abs, kind, code, detail));
}
