using LockFirmware.Hal;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The lock's physical plant as the board sees it. This first version is simple kinematics: the bolt
/// moves at a speed set by motor voltage and load; the motor draws a current between no-load and stall
/// (V/R) in proportion to load; a blocked bolt draws stall current. The physics issue replaces the
/// internals with datasheet models while keeping this interface.
/// </summary>
public sealed class LockPlant
{
    private const double ThrowMm = 25.0;
    private const double WindingOhms = 16.7;          // 6 V / 0.36 A stall (Pololu LP 6V 150:1)
    private const double NoLoadAmpsAt6V = 0.02;
    private const double BoltSpeedMmPerSAt6V = 40.0;
    private const double NominalLoadFraction = 0.15;
    private const double DoorGapMm = 4.0;
    private const double StrikeClearanceMm = 1.5;
    private const double BridgeOhms = 0.36;

    private readonly Random _random;
    private readonly HashSet<char> _pressed = new();
    private readonly List<PlantFault> _faults = new();
    private BridgeMode _bridge = BridgeMode.Coast;
    private int _dutyPermille;
    private int _drivenRows;
    private double _manualTargetMm = double.NaN;
    private bool _powerCut;
    private double _stateOfCharge;
    private Chemistry _chemistry;

    /// <summary>Creates the plant.</summary>
    public LockPlant(PlantParameters p, int seed)
    {
        _random = new Random(seed);
        TemperatureC = p.TemperatureC;
        _chemistry = p.Chemistry;
        _stateOfCharge = p.StateOfCharge;
        DoorOpen = p.DoorOpen;
        StrikeOffsetMm = p.StrikeOffsetMm;
        FrictionFactor = p.FrictionFactor;
        BoltMm = p.InitialBoltMm;
        Recompute();
    }

    /// <summary>Bolt extension, mm (0 = retracted).</summary>
    public double BoltMm { get; private set; }
    /// <summary>True motor current, mA.</summary>
    public double MotorCurrentMilliamps { get; private set; }
    /// <summary>Voltage across the motor, V.</summary>
    public double MotorVolts { get; private set; }
    /// <summary>Pack terminal voltage, mV.</summary>
    public double BatteryTerminalMillivolts { get; private set; }
    /// <summary>Pack open-circuit voltage, mV.</summary>
    public double BatteryOpenCircuitMillivolts => 4 * (1000 + 600 * _stateOfCharge);
    /// <summary>True while the MCU has power.</summary>
    public bool McuPowered => !_powerCut && BatteryTerminalMillivolts >= 3600;
    /// <summary>True while the bridge drives the motor.</summary>
    public bool MotorEnergised => _bridge is BridgeMode.Forward or BridgeMode.Reverse && _dutyPermille > 0;
    /// <summary>Ambient temperature.</summary>
    public double TemperatureC { get; private set; }
    /// <summary>Door open.</summary>
    public bool DoorOpen { get; private set; }
    /// <summary>Strike offset, mm.</summary>
    public double StrikeOffsetMm { get; private set; }
    /// <summary>Friction multiplier.</summary>
    public double FrictionFactor { get; private set; }
    /// <summary>Bridge command.</summary>
    public BridgeMode Bridge => _bridge;
    /// <summary>Bridge duty.</summary>
    public int DutyPermille => _dutyPermille;
    /// <summary>Charge drawn from the pack, coulombs.</summary>
    public double ChargeDrawnCoulombs { get; private set; }

    /// <summary>Board: bridge command.</summary>
    public void SetBridge(BridgeMode mode, int dutyPermille) { _bridge = mode; _dutyPermille = Math.Clamp(dutyPermille, 0, 1000); Recompute(); }
    /// <summary>Board: keypad rows driven (bit per row).</summary>
    public void SetKeypadRows(int drivenRowMask) => _drivenRows = drivenRowMask;
    /// <summary>Board: LED.</summary>
    public void SetLed(LedColour colour, int brightnessPermille) { }
    /// <summary>Board: buzzer.</summary>
    public void SetBuzzer(int frequencyHz, int volumePermille) { }
    /// <summary>Board: MCU power state.</summary>
    public void SetMcuState(McuPowerState state) { }

    /// <summary>Motor current ADC counts.</summary>
    public int SampleMotorCurrentCounts()
    {
        var stuck = _faults.Find(f => f.Kind == PlantFaultKind.AdcStuck && !f.BatteryChannel);
        if (stuck != null) return stuck.Counts;
        double mv = 200 + MotorCurrentMilliamps * 5.0;
        return ToCounts(mv);
    }

    /// <summary>Battery ADC counts.</summary>
    public int SampleBatteryCounts()
    {
        var stuck = _faults.Find(f => f.Kind == PlantFaultKind.AdcStuck && f.BatteryChannel);
        if (stuck != null) return stuck.Counts;
        return ToCounts(BatteryTerminalMillivolts / 3.0);
    }

    private int ToCounts(double mv) => Math.Clamp((int)Math.Round(mv * 4095 / 3900 + (_random.NextDouble() - 0.5) * 4), 0, 4095);

    /// <summary>Extended limit switch pin level (closed = low).</summary>
    public bool LimitExtendedHigh => !SwitchClosed(true, BoltMm >= ThrowMm - 0.5);
    /// <summary>Retracted limit switch pin level (closed = low).</summary>
    public bool LimitRetractedHigh => !SwitchClosed(false, BoltMm <= 0.5);
    /// <summary>Door reed pin level (closed door = low).</summary>
    public bool DoorReedHigh
    {
        get
        {
            var stuck = _faults.Find(f => f.Kind == PlantFaultKind.DoorSensorStuck);
            return stuck != null ? !stuck.StuckClosed : DoorOpen;
        }
    }

    private bool SwitchClosed(bool extended, bool physical)
    {
        var stuck = _faults.Find(f => f.Kind == PlantFaultKind.LimitSwitchStuck && f.ExtendedSwitch == extended);
        return stuck != null ? stuck.StuckClosed : physical;
    }

    /// <summary>Keypad columns (bit per column) given the driven rows.</summary>
    public int ReadKeypadColumns()
    {
        int cols = 0;
        foreach (char k in _pressed)
        {
            int i = BoardConfig.KeypadKeys.IndexOf(k);
            if (i < 0) continue;
            if ((_drivenRows & (1 << (i / 3))) != 0) cols |= 1 << (i % 3);
        }
        return cols;
    }

    /// <summary>True when nothing moves and nothing is pending.</summary>
    public bool IsQuiet => !MotorEnergised && double.IsNaN(_manualTargetMm) && _pressed.Count == 0;

    /// <summary>Advances a quiet stretch.</summary>
    public void AdvanceQuiet(double seconds) => ChargeDrawnCoulombs += 0.001 * seconds;

    /// <summary>Advances the physics by <paramref name="dt"/> seconds.</summary>
    public void Step(double dt)
    {
        Recompute();
        double v = Velocity();
        if (v != 0)
        {
            double next = BoltMm + v * dt;
            double stop = StopFor(v);
            BoltMm = v > 0 ? Math.Min(next, stop) : Math.Max(next, stop);
        }
        if (!double.IsNaN(_manualTargetMm) && !MotorEnergised)
        {
            double dir = Math.Sign(_manualTargetMm - BoltMm);
            BoltMm += dir * 50 * dt;
            if (Math.Abs(BoltMm - _manualTargetMm) < 0.1) { BoltMm = _manualTargetMm; _manualTargetMm = double.NaN; }
        }
        ChargeDrawnCoulombs += MotorCurrentMilliamps / 1000 * dt;
        Recompute();
    }

    private double Velocity()
    {
        if (!MotorEnergised || HasFault(PlantFaultKind.MotorOpenCircuit) || HasFault(PlantFaultKind.MotorShort)) return 0;
        double dir = _bridge == BridgeMode.Forward ? 1 : -1;
        double speed = BoltSpeedMmPerSAt6V * (MotorVolts / 6.0) * (1 - LoadFraction());
        double v = dir * Math.Max(speed, 0);
        return Math.Abs(StopFor(v) - BoltMm) < 1e-9 ? 0 : v;
    }

    private double LoadFraction()
    {
        double torque = _faults.Find(f => f.Kind == PlantFaultKind.WeakActuator)?.Factor ?? 1;
        double friction = FrictionFactor * (_faults.Find(f => f.Kind == PlantFaultKind.StiffActuator)?.Factor ?? 1);
        return Math.Min(NominalLoadFraction * friction / torque, 1);
    }

    private double StopFor(double v)
    {
        if (v < 0) return BoltMm > 0 ? 0 : BoltMm;
        double stop = ThrowMm;
        var jam = _faults.Find(f => f.Kind == PlantFaultKind.Jam);
        if (jam != null && BoltMm <= jam.PositionMm + 1e-9) stop = Math.Min(stop, jam.PositionMm);
        double offset = Math.Max(StrikeOffsetMm, _faults.Find(f => f.Kind == PlantFaultKind.StrikeOffset)?.OffsetMm ?? 0);
        if (!DoorOpen && offset > StrikeClearanceMm && BoltMm <= DoorGapMm + 1e-9) stop = Math.Min(stop, DoorGapMm);
        return stop;
    }

    private void Recompute()
    {
        double ocv = _powerCut ? 0 : BatteryOpenCircuitMillivolts / 1000.0;
        double rint = 4 * 0.15;
        double motorAmps = 0;
        double vm = 0;
        if (MotorEnergised && !_powerCut)
        {
            double duty = _dutyPermille / 1000.0;
            if (HasFault(PlantFaultKind.MotorShort)) motorAmps = ocv / (rint + BridgeOhms + 0.1);
            else if (!HasFault(PlantFaultKind.MotorOpenCircuit))
            {
                double vNominal = duty * ocv;
                double stall = vNominal / (WindingOhms + BridgeOhms + rint * duty);
                bool blocked = Math.Abs(StopFor(_bridge == BridgeMode.Forward ? 1 : -1) - BoltMm) < 1e-9;
                double noLoad = NoLoadAmpsAt6V * vNominal / 6.0;
                motorAmps = blocked ? stall : noLoad + LoadFraction() * (stall - noLoad);
            }
            vm = duty * (ocv - motorAmps * rint) - motorAmps * BridgeOhms;
        }
        MotorCurrentMilliamps = motorAmps * 1000;
        MotorVolts = vm;
        BatteryTerminalMillivolts = _powerCut ? 0 : (ocv - (motorAmps * _dutyPermille / 1000.0 + 0.001) * rint) * 1000;
    }

    private bool HasFault(PlantFaultKind kind) => _faults.Exists(f => f.Kind == kind);

    /// <summary>Presses a key.</summary>
    public void PressKey(char key) => _pressed.Add(key);
    /// <summary>Releases a key.</summary>
    public void ReleaseKey(char key) => _pressed.Remove(key);
    /// <summary>Opens or closes the door.</summary>
    public void SetDoor(bool open) => DoorOpen = open;
    /// <summary>Door forced open (bolt thrown or not).</summary>
    public void ForceDoorOpen() => DoorOpen = true;
    /// <summary>Turns the key or thumbturn.</summary>
    public void ManualTurn(bool towardsLocked) => _manualTargetMm = towardsLocked ? ThrowMm : 0;
    /// <summary>Injects a fault (replacing one of the same kind).</summary>
    public void Inject(PlantFault fault) { Clear(fault.Kind); _faults.Add(fault); Recompute(); }
    /// <summary>Clears a fault.</summary>
    public void Clear(PlantFaultKind kind) { _faults.RemoveAll(f => f.Kind == kind); if (kind == PlantFaultKind.StrikeOffset) StrikeOffsetMm = 0; Recompute(); }
    /// <summary>Swaps the batteries.</summary>
    public void SwapBattery(Chemistry chemistry, double stateOfCharge) { _chemistry = chemistry; _stateOfCharge = stateOfCharge; Recompute(); }
    /// <summary>Sets the ambient temperature.</summary>
    public void SetTemperature(double c) => TemperatureC = c;
    /// <summary>Disconnects or reconnects the pack.</summary>
    public void CutPower(bool cut) { _powerCut = cut; Recompute(); }
}
