using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LockFirmware.Hal;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The physical lock as the board sees it: battery pack, 3.3 V regulator and brown-out, DRV8833 bridge,
/// gearmotor, rack-and-pinion bolt with friction and end stops, door and strike, limit and reed switches,
/// keypad contacts, the ESP32 ADC with its sensors, and the energy each part draws. Inputs are the board's
/// outputs (bridge, keypad rows, LED, buzzer, MCU power state) and human actions; outputs are raw sensor
/// readings (ADC counts, pin levels) plus truth values for traces and tests.
/// <para>
/// Time is virtual: <see cref="Step"/> advances everything in sub-steps of at most 1 ms;
/// <see cref="AdvanceQuiet"/> jumps over idle stretches cheaply. All randomness (unit tolerances, bounce,
/// human timing, ADC noise) comes from generators seeded from the constructor's seed, one per purpose, so the
/// same parameters, seed and calls give identical numbers.
/// </para>
/// </summary>
public sealed class LockPlant
{
    /// <summary>Longest internal step, seconds.</summary>
    public const double MaxSubStepSeconds = 0.001;

    private const int SlotRetractStop = 0;
    private const int SlotExtendStop = 1;
    private const int SlotStrikeFace = 2;
    private const int SlotJam = 3;
    /// <summary>Retracted switch release point, mm: up to here the bolt is home (it operates at 0.8 mm; movement differential 0.3 mm).</summary>
    private const double RetractedHomeMm = 1.1;

    // ESP32 datasheet supply currents (radio off), amps: active ~38 mA, light sleep 0.8 mA, deep sleep with the RTC
    // timer and RTC memory 10 uA (ext1 wake needs no RTC peripherals powered).
    private const double McuActiveAmps = 0.038;
    private const double McuLightSleepAmps = 0.0008;
    private const double McuDeepSleepAmps = 10e-6;
    // Booting after a deep-sleep wake: ROM and second-stage bootloader, flash reads of the image and nanoCLR start-up
    // run the CPU at full clock with the flash busy; 45 mA assumed (between the datasheet's 38 mA active with the
    // radio off and the 50-80 mA of CPU-plus-flash bursts measured on modules).
    private const double McuBootAmps = 0.045;
    // Wake inputs: door reed and limit switches close to ground against 1 MOhm pull-ups to the 3.3 V rail (BoardConfig),
    // so each closed one draws 3.3 uA; keypad rows (100 k pull-ups) and columns (1 M pull-downs) draw nothing idle.
    private const double WakePullUpOhms = 1e6;

    // Status LED from the 3.3 V rail through 270 Ohm: red (Vf ~2.0 V) 4.8 mA, green (Vf ~2.2 V) 4.1 mA.
    private const double LedRedAmps = 0.0048;
    private const double LedGreenAmps = 0.0041;

    // Buzzer at full drive: a 12 mm transducer with its driver transistor draws ~10-30 mA; 15 mA used.
    private const double BuzzerAmps = 0.015;

    // DRV8833 VM supply current while awake (datasheet IVM: 1.7 mA typical); its sleep current is ~1.6 uA.
    private const double DriverAwakeAmps = 0.0017;
    // DRV8833 asleep (datasheet IVMQ 1.6 uA): nSLEEP follows a diode-OR of AIN1/AIN2 with a 1 ms RC hold (docs/wiring.md),
    // so the bridge sleeps whenever it coasts.
    private const double DriverSleepAmps = 1.6e-6;

    private readonly PlantParameters _parameters;
    private readonly Random _humanRandom;
    private readonly GaussianNoise _batteryNoise;
    private readonly GaussianNoise _currentNoise;
    private readonly DcMotor _motor;
    private readonly HBridge _bridge = new();
    private readonly BoltMechanism _bolt;
    private readonly DoorAndStrike _door;
    private readonly LimitSwitch _extendedSwitch;
    private readonly LimitSwitch _retractedSwitch;
    private readonly BouncingContact _reed;
    private readonly KeypadContacts _keypad;
    private readonly HumanTypist _typist;
    private readonly List<KeyAction> _keyActions = new();
    private readonly ManualHand _hand = new();
    private readonly EspAdc _adc;
    private readonly CurrentSenseAmplifier _amplifier;
    private readonly BatteryDivider _divider;
    private readonly McuSupply _supply = new();
    private readonly EnergyLedger _ledger = new();
    private readonly double _gearPerMetre;      // motor rad per metre of bolt travel: N / r
    private readonly double _massKg;            // bolt plus reflected rotor

    private BatteryPack _pack;
    private int _keyActionIndex;
    private double _time;
    private double _temperatureC;
    private bool _powerCut;
    private bool _supplyRemoved;
    private McuPowerState _mcuState = McuPowerState.Active;
    private LedColour _ledColour = LedColour.Off;
    private double _ledFraction;
    private double _buzzerFraction;
    // Rail loads for the present MCU state, LED and buzzer settings. They change only when the board sets them,
    // but every sub-step reads them three times, so they are worked out once per change (RefreshRailLoads).
    private double _mcuAmps;
    private double _ledAmps;
    private double _buzzerAmps;
    private double _railAmps;
    private int _drivenRows;
    private BridgeMode _requestedMode = BridgeMode.Coast;
    private int _requestedDuty;
    private double _busVolts;
    private double _otherLoadAmps;
    private bool _strikeFacePending;
    private double _greaseCoulomb;
    private double _greaseViscous;
    private readonly double _unitFriction;
    private readonly double _frictionPhase;

    // Faults.
    private double _stiffFactor = 1;
    private double _fittedFriction = 1;
    private PlantFault? _pendingJam;
    private double _jamAtTipMm = double.MaxValue; // where a pending obstacle lies against the home bolt's tip, mm (MaxValue: not yet)
    private double _torqueFactor = 1;
    private bool _motorOpen;
    private double _shortOhms;
    private ContactLevel? _extendedStuck;
    private ContactLevel? _retractedStuck;
    private int? _batteryAdcStuck;
    private int? _currentAdcStuck;
    private ContactLevel? _doorStuck;
    private readonly List<PlantFault> _faults = new();

    /// <summary>Builds the lock in the state <paramref name="p"/> describes, with tolerances and noise drawn from <paramref name="seed"/>.</summary>
    public LockPlant(PlantParameters p, int seed)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        _parameters = p;
        var master = new Random(seed);
        var unit = new Random(master.Next());
        var switchRandom = new Random(master.Next());
        var keypadRandom = new Random(master.Next());
        _humanRandom = new Random(master.Next());
        _batteryNoise = new GaussianNoise(new Random(master.Next()));
        _currentNoise = new GaussianNoise(new Random(master.Next()));

        _temperatureC = p.TemperatureC;
        (_greaseCoulomb, _greaseViscous) = BoltMechanism.GreaseFactors(p.TemperatureC);
        _pack = new BatteryPack(CellChemistry.For(p.Chemistry), 4, p.StateOfCharge, p.TemperatureC);
        _motor = new DcMotor(p.TemperatureC);
        _bolt = new BoltMechanism(p.InitialBoltMm);
        _gearPerMetre = _motor.GearRatio / _bolt.PinionRadiusM;
        _massKg = _bolt.BoltMassKg + _motor.RotorInertia * _gearPerMetre * _gearPerMetre;
        _door = new DoorAndStrike(p.Door, p.StrikeOffsetMm);
        _adc = new EspAdc(unit);
        _amplifier = new CurrentSenseAmplifier(unit);
        _divider = new BatteryDivider(unit);
        // Unit-to-unit spread of bolt friction (machining, grease fill): +-15 %, and a gentle waviness along the
        // stroke (guide and rack tolerances): +-8 % over a 6 mm period.
        _unitFriction = 0.85 + 0.3 * unit.NextDouble();
        _frictionPhase = unit.NextDouble(); // in periods
        _motor.RotorAngle = 2 * Math.PI * unit.NextDouble();

        // Switch positions: the extended switch operates 0.8 mm before the end of travel and releases 0.3 mm
        // further out (movement differential); the retracted switch mirrors it.
        double throwMm = _bolt.ThrowM * 1000.0;
        _extendedSwitch = new LimitSwitch(throwMm - 0.8, throwMm - 1.1, true, p.InitialBoltMm, switchRandom);
        _retractedSwitch = new LimitSwitch(0.8, RetractedHomeMm, false, p.InitialBoltMm, switchRandom);
        // Reed switch: bounce about 0.5 ms (reed datasheets, e.g. Littelfuse/Standex: < 0.5-1 ms).
        _reed = new BouncingContact(_door.ReedClosed, switchRandom, 0.0002, 0.001, 2);
        _keypad = new KeypadContacts(keypadRandom);
        _typist = new HumanTypist(_humanRandom);

        _bolt.SetContact(SlotRetractStop, true, 0.0, false, _bolt.EndStopStiffness, _massKg);
        _bolt.SetContact(SlotExtendStop, true, _bolt.ThrowM, true, _bolt.EndStopStiffness, _massKg);
        ConfigureStrike();

        RefreshRailLoads();
        _powerCut = !p.Powered;
        UpdateSupply(0);
        if (!_powerCut)
        {
            // Batteries in: the MCU runs from t = 0 (the power-on delay is the run engine's business).
            ForcePowerOnState();
        }
    }

    // ------------------------------------------------------------------ board-side inputs

    /// <summary>Sets the H-bridge inputs (ignored by the hardware while the MCU is unpowered: its pins float low and the bridge coasts).</summary>
    public void SetBridge(BridgeMode mode, int dutyPermille)
    {
        _requestedMode = mode;
        _requestedDuty = dutyPermille;
        ApplyBridge();
    }

    /// <summary>Sets which keypad rows the firmware drives high (bit r = row r).</summary>
    public void SetKeypadRows(int drivenRowMask)
    {
        _drivenRows = drivenRowMask & 0xF;
        _keypad.DrivenRows = McuPowered ? _drivenRows : 0;
    }

    /// <summary>Sets the status LED.</summary>
    public void SetLed(LedColour colour, int brightnessPermille)
    {
        _ledColour = colour;
        _ledFraction = Math.Clamp(brightnessPermille, 0, 1000) / 1000.0;
        RefreshRailLoads();
    }

    /// <summary>True while the status LED is lit or the buzzer sounds (their current comes from the pack).</summary>
    public bool IndicatorOn => _ledColour != LedColour.Off && _ledFraction > 0 || _buzzerFraction > 0;

    /// <summary>Sets the buzzer tone; 0 Hz or 0 volume is silence.</summary>
    public void SetBuzzer(int frequencyHz, int volumePermille)
    {
        _buzzerFraction = frequencyHz > 0 ? Math.Clamp(volumePermille, 0, 1000) / 1000.0 : 0;
        RefreshRailLoads();
    }

    /// <summary>Sets the MCU's power state (active, light or deep sleep).</summary>
    public void SetMcuState(McuPowerState state)
    {
        if (McuPowered)
        {
            if (state != _mcuState)
            {
                _mcuState = state;
                RefreshRailLoads();
            }
        }
    }

    // ------------------------------------------------------------------ sensor outputs

    /// <summary>One ADC conversion of the motor-current channel, counts (0 while the MCU is unpowered).</summary>
    public int SampleMotorCurrentCounts()
    {
        if (_currentAdcStuck.HasValue)
        {
            return _currentAdcStuck.Value;
        }
        if (!McuPowered)
        {
            return 0;
        }
        double volts = _amplifier.OutputVolts(_bridge.SenseAmps, _supply.OutputVolts);
        return _adc.Convert(volts * 1000.0, _currentNoise);
    }

    /// <summary>One ADC conversion of the battery divider, counts (0 while the MCU is unpowered).</summary>
    public int SampleBatteryCounts()
    {
        if (_batteryAdcStuck.HasValue)
        {
            return _batteryAdcStuck.Value;
        }
        if (!McuPowered)
        {
            return 0;
        }
        return _adc.Convert(_divider.TapVolts(_busVolts) * 1000.0, _batteryNoise);
    }

    /// <summary>Bolt-extended limit switch input level (switch closes to ground: closed = low).</summary>
    public bool LimitExtendedHigh => _extendedStuck.HasValue
        ? _extendedStuck.Value == ContactLevel.Open
        : !_extendedSwitch.IsClosed(_time);

    /// <summary>Bolt-retracted limit switch input level (closed = low).</summary>
    public bool LimitRetractedHigh => _retractedStuck.HasValue
        ? _retractedStuck.Value == ContactLevel.Open
        : !_retractedSwitch.IsClosed(_time);

    /// <summary>Door reed switch input level (reed closed = door closed = low).</summary>
    public bool DoorReedHigh => _doorStuck.HasValue
        ? _doorStuck.Value == ContactLevel.Open
        : !_reed.IsClosed(_time);

    /// <summary>Keypad column levels: bit c set when column c reads high.</summary>
    public int ReadKeypadColumns() => McuPowered ? _keypad.ReadColumns(_time) : 0;

    // ------------------------------------------------------------------ time

    /// <summary>Plant time, seconds since construction.</summary>
    public double TimeSeconds => _time;

    /// <summary>Advances the plant by <paramref name="dtSeconds"/> in sub-steps of at most 1 ms.</summary>
    public void Step(double dtSeconds)
    {
        if (!(dtSeconds >= 0) || double.IsInfinity(dtSeconds))
        {
            throw new ArgumentOutOfRangeException(nameof(dtSeconds), dtSeconds, "step must be a finite, non-negative number of seconds");
        }
        if (dtSeconds == 0)
        {
            return;
        }
        if (dtSeconds <= MaxSubStepSeconds)
        {
            SubStep(dtSeconds);
            return;
        }
        int n = (int)Math.Ceiling(dtSeconds / MaxSubStepSeconds - 1e-9);
        double h = dtSeconds / n;
        for (int i = 0; i < n; i++)
        {
            SubStep(h);
        }
    }

    /// <summary>
    /// True when nothing is moving or pending: the motor is not driven and carries no current, the bolt is held
    /// by friction, no contact is bouncing, no typed key or manual turn is in progress, and the MCU is not
    /// waiting to restart. Then <see cref="AdvanceQuiet"/> is exact.
    /// </summary>
    public bool IsQuiet
    {
        get
        {
            if (_bridge.Driving && !_powerCut && McuPowered)
            {
                return false;
            }
            if (Math.Abs(_bridge.MotorAmps) > 1e-6 || !_bolt.AtRest || _hand.Active)
            {
                return false;
            }
            if (_keyActionIndex < _keyActions.Count || _supply.StartPending)
            {
                return false;
            }
            double t = _time;
            return _extendedSwitch.Contact.IsSettled(t) && _retractedSwitch.Contact.IsSettled(t)
                && _reed.IsSettled(t) && _keypad.IsSettled(t);
        }
    }

    /// <summary>
    /// Advances an idle plant by <paramref name="seconds"/>: only the battery (constant quiet load, self-discharge,
    /// polarisation recovery), the motor's cooling and the energy ledger move. When the plant is not
    /// <see cref="IsQuiet"/>, this falls back to <see cref="Step"/>.
    /// </summary>
    public void AdvanceQuiet(double seconds)
    {
        if (!(seconds >= 0) || double.IsInfinity(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "duration must be a finite, non-negative number of seconds");
        }
        UpdateSupply(0);
        if (_supply.Update(_busVolts, LdoLoadAmps(), _time))
        {
            OnMcuPowerChanged();
        }
        if (!IsQuiet)
        {
            Step(seconds);
            return;
        }
        // Chunks of at most an hour keep the ledger's voltage and the divider current accurate over months.
        double left = seconds;
        while (left > 0)
        {
            double h = left > 3600.0 ? 3600.0 : left;
            UpdateSupply(0);
            double load = _otherLoadAmps;
            if (!_powerCut)
            {
                Account(load, 0, h, WakeInputAmps());
                _pack.Draw(load, h);
            }
            _motor.SetAmps(0);
            _motor.AdvanceThermal(h);
            _time += h;
            left -= h;
            UpdateSupply(0);
            if (_supply.Update(_busVolts, LdoLoadAmps(), _time))
            {
                OnMcuPowerChanged();
            }
        }
    }

    /// <summary>Plant time of the next scheduled change (contact toggle, typed key, end of a manual turn), or +infinity.</summary>
    public double NextEventSeconds
    {
        get
        {
            double t = _time;
            double next = double.PositiveInfinity;
            if (_keyActionIndex < _keyActions.Count)
            {
                next = _keyActions[_keyActionIndex].AtSeconds;
            }
            next = Math.Min(next, _keypad.NextToggleAfter(t));
            next = Math.Min(next, _extendedSwitch.Contact.NextToggleAfter(t));
            next = Math.Min(next, _retractedSwitch.Contact.NextToggleAfter(t));
            next = Math.Min(next, _reed.NextToggleAfter(t));
            if (_hand.Active)
            {
                next = Math.Min(next, t);
            }
            return next;
        }
    }

    // ------------------------------------------------------------------ human actions

    /// <summary>A finger presses a key now (the contact bounces for a few ms).</summary>
    public void PressKey(char key) => _keypad.Press(key, _time);

    /// <summary>The finger lifts off a key now.</summary>
    public void ReleaseKey(char key) => _keypad.Release(key, _time);

    /// <summary>
    /// A person types <paramref name="keys"/> with human timing starting now (or after keys already being typed);
    /// returns the plant time of the last release.
    /// </summary>
    public double TypeKeys(string keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        double start = _time;
        if (_keyActionIndex < _keyActions.Count)
        {
            start = _keyActions[^1].AtSeconds + _typist.MinGapSeconds;
        }
        if (_keyActionIndex > 0 && _keyActionIndex == _keyActions.Count)
        {
            _keyActions.Clear();
            _keyActionIndex = 0;
        }
        return _typist.Plan(keys, start, _keyActions);
    }

    /// <summary>A person opens (true) or shuts (false) the door; returns where it ends up.</summary>
    public DoorPosition SetDoor(bool open) => SetDoor(open ? DoorPosition.Open : DoorPosition.Closed);

    /// <summary>A person moves the door towards <paramref name="position"/>; returns where it ends up.</summary>
    public DoorPosition SetDoor(DoorPosition position)
    {
        var result = _door.MoveTo(position, BoltMm);
        ConfigureStrike();
        _reed.Set(_door.ReedClosed, _time);
        return result;
    }

    /// <summary>The door is forced open whatever the bolt does (a locked door's strike tears out).</summary>
    public void ForceDoorOpen()
    {
        _door.ForceOpen(BoltMm);
        ConfigureStrike();
        _reed.Set(_door.ReedClosed, _time);
    }

    /// <summary>A person turns the key or thumbturn towards locked (bolt out) or unlocked, over about half a second.</summary>
    public void ManualTurn(bool towardsLocked)
    {
        double duration = 0.4 + 0.3 * _humanRandom.NextDouble();
        double target = towardsLocked ? _bolt.ThrowM + 0.0003 : -0.0003;
        _hand.Begin(_time, _bolt.PositionM, target, duration);
    }

    /// <summary>True while a manual turn is in progress.</summary>
    public bool ManualTurnActive => _hand.Active;

    // ------------------------------------------------------------------ faults and environment

    /// <summary>Injects a fault (replacing one of the same kind, or for the same switch or channel).</summary>
    public void Inject(PlantFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        switch (fault.Kind)
        {
            case PlantFaultKind.Jam:
                // Contract (docs/scenarios.md): the obstacle stops the *extending* bolt at that extension. With the
                // bolt already out beyond it, it lies in the path of the next extension: armed once the bolt has
                // retracted to it (never a retraction block, never a spring pre-loaded into the bolt).
                // An obstacle closer in than the bolt can come back to (it rests home, a little out from 0: the
                // firmware stops it once the retracted switch closes) cannot wait for it there: it lies against the
                // tip (TrackPendingJam). Without that `position_mm: 0`, a documented value, never armed and the
                // lock threw fully (audit11, blind contract audit).
                _bolt.SetContact(SlotJam, false, 0, true, 1, _massKg);
                _pendingJam = fault;
                _jamAtTipMm = double.MaxValue;
                TrackPendingJam();
                break;
            case PlantFaultKind.StrikeOffset:
                _door.FaultOffsetMm = fault.OffsetMm;
                ConfigureStrike();
                break;
            case PlantFaultKind.StiffActuator:
                _stiffFactor = fault.Factor;
                break;
            case PlantFaultKind.WeakActuator:
                _torqueFactor = Math.Clamp(fault.Factor, 0.01, 1.0);
                break;
            case PlantFaultKind.MotorOpenCircuit:
                _motorOpen = true;
                break;
            case PlantFaultKind.MotorShort:
                _shortOhms = fault.ShortOhms > 0 ? fault.ShortOhms : 0.1;
                break;
            case PlantFaultKind.LimitSwitchStuck:
                if (fault.ExtendedSwitch)
                {
                    _extendedStuck = fault.StuckClosed ? ContactLevel.Closed : ContactLevel.Open;
                }
                else
                {
                    _retractedStuck = fault.StuckClosed ? ContactLevel.Closed : ContactLevel.Open;
                }
                break;
            case PlantFaultKind.AdcStuck:
                if (fault.BatteryChannel)
                {
                    _batteryAdcStuck = fault.Counts;
                }
                else
                {
                    _currentAdcStuck = fault.Counts;
                }
                break;
            case PlantFaultKind.DoorSensorStuck:
                _doorStuck = fault.StuckClosed ? ContactLevel.Closed : ContactLevel.Open;
                break;
        }
        _faults.RemoveAll(f => SameSlot(f, fault));
        _faults.Add(fault);
    }

    /// <summary>Clears every fault of <paramref name="kind"/>.</summary>
    public void Clear(PlantFaultKind kind)
    {
        switch (kind)
        {
            case PlantFaultKind.Jam:
                _pendingJam = null;
                _bolt.SetContact(SlotJam, false, 0, true, 1, _massKg);
                break;
            case PlantFaultKind.StrikeOffset:
                // docs/scenarios.md: clearing it also zeroes hardware strike_offset_mm (the strike is put back in line; a
                // clear used to leave the installed offset, so a lock fitted out of line could never be repaired).
                _door.FaultOffsetMm = 0;
                _door.InstalledOffsetMm = 0;
                ConfigureStrike();
                break;
            case PlantFaultKind.StiffActuator:
                _stiffFactor = 1;
                break;
            case PlantFaultKind.WeakActuator:
                _torqueFactor = 1;
                break;
            case PlantFaultKind.MotorOpenCircuit:
                _motorOpen = false;
                break;
            case PlantFaultKind.MotorShort:
                _shortOhms = 0;
                break;
            case PlantFaultKind.LimitSwitchStuck:
                _extendedStuck = null;
                _retractedStuck = null;
                break;
            case PlantFaultKind.AdcStuck:
                _batteryAdcStuck = null;
                _currentAdcStuck = null;
                break;
            case PlantFaultKind.DoorSensorStuck:
                _doorStuck = null;
                break;
        }
        _faults.RemoveAll(f => f.Kind == kind);
    }

    /// <summary>Clears every fault.</summary>
    public void ClearAll()
    {
        foreach (PlantFaultKind k in Enum.GetValues<PlantFaultKind>())
        {
            Clear(k);
        }
    }

    /// <summary>Faults active now.</summary>
    public IReadOnlyList<PlantFault> ActiveFaults => _faults;

    /// <summary>True when <paramref name="kind"/> has something to clear: an injected fault, or for strike_offset an installed offset.</summary>
    public bool HasFault(PlantFaultKind kind) =>
        _faults.Any(f => f.Kind == kind) || kind == PlantFaultKind.StrikeOffset && _door.InstalledOffsetMm != 0;

    /// <summary>
    /// True once after the supply was taken away (a power cut, the cells pulled for a swap) and not merely sagged: the
    /// ESP32 then starts with a power-on reset, while a sag below its brown-out detector gives a brown-out reset. Reading
    /// it clears it.
    /// </summary>
    public bool TakeSupplyRemoved()
    {
        bool removed = _supplyRemoved;
        _supplyRemoved = false;
        return removed;
    }

    /// <summary>Replaces the pack (the MCU loses power while the cells are out and restarts on the new ones).</summary>
    public void SwapBattery(Chemistry chemistry, double stateOfCharge)
    {
        _pack = new BatteryPack(CellChemistry.For(chemistry), 4, stateOfCharge, _temperatureC);
        _supplyRemoved = true;
        _supply.PowerLost();
        OnMcuPowerChanged();
        UpdateSupply(0);
        _supply.Update(_busVolts, 0, _time); // the new cells start the MCU's reset delay
    }

    /// <summary>
    /// Puts a pack of <paramref name="chemistry"/> at <paramref name="stateOfCharge"/> in place without
    /// interrupting power (a set-up step: "the lock holds this pack"). Use <see cref="SwapBattery"/> for a
    /// person changing the cells, which does cut the power.
    /// </summary>
    public void SetBattery(Chemistry chemistry, double stateOfCharge)
    {
        _pack = new BatteryPack(CellChemistry.For(chemistry), 4, stateOfCharge, _temperatureC);
        UpdateSupply(0);
    }

    /// <summary>Sets the ambient temperature; the lock is taken to have soaked at it (pack, grease and motor follow at once).</summary>
    public void SetTemperature(double temperatureC)
    {
        if (double.IsNaN(temperatureC) || temperatureC < -40 || temperatureC > 85)
        {
            throw new ArgumentOutOfRangeException(nameof(temperatureC), temperatureC, "temperature must be -40..85 C");
        }
        _temperatureC = temperatureC;
        (_greaseCoulomb, _greaseViscous) = BoltMechanism.GreaseFactors(temperatureC);
        _pack.SetTemperature(temperatureC);
        _motor.SoakAt(temperatureC);
    }

    /// <summary>Disconnects (true) or reconnects (false) the pack.</summary>
    public void CutPower(bool cut)
    {
        _powerCut = cut;
        if (cut)
        {
            _supplyRemoved = true;
            _supply.PowerLost();
            OnMcuPowerChanged();
        }
        UpdateSupply(0);
        if (!cut)
        {
            _supply.Update(_busVolts, 0, _time); // power back: the MCU's reset delay starts now
        }
    }

    // ------------------------------------------------------------------ truth

    /// <summary>Bolt extension, mm (0 = retracted, 25 = thrown).</summary>
    public double BoltMm => _bolt.PositionMm;

    /// <summary>
    /// <see cref="BoltMm"/> as the run's outputs report it (trace, JSON summary, <c>sim status</c>): the end stops are
    /// stiff springs, so a bolt held against one sits a few hundredths of a millimetre past it (-0.018 mm at an unlocked
    /// start); the contract's 0 is "fully retracted", so the outputs read 0..throw.
    /// </summary>
    public double ReportedBoltMm => Math.Clamp(_bolt.PositionMm, 0, _bolt.ThrowM * 1000.0);

    /// <summary>Bolt velocity, mm/s.</summary>
    public double BoltVelocityMmPerSecond => _bolt.VelocityMps * 1000.0;

    /// <summary>Armature current, mA (signed: positive drives the bolt out).</summary>
    public double MotorCurrentMilliamps => _bridge.MotorAmps * 1000.0;

    /// <summary>Current through the sense shunt, mA (what an ideal current channel would report).</summary>
    public double SenseCurrentMilliamps => _bridge.SenseAmps * 1000.0;

    /// <summary>Average voltage across the motor terminals, volts.</summary>
    public double MotorVolts => _bridge.TerminalVolts;

    /// <summary>Pack terminal voltage, mV.</summary>
    public double BatteryTerminalMillivolts => _busVolts * 1000.0;

    /// <summary>Pack open-circuit voltage after a rest at the present charge, mV.</summary>
    public double BatteryOpenCircuitMillivolts => _pack.RestedOpenCircuitVolts * 1000.0;

    /// <summary>Pack state of charge, 0..1.</summary>
    public double BatteryStateOfCharge => _pack.StateOfCharge;

    /// <summary>The 3.3 V rail, volts.</summary>
    public double RailVolts => _supply.OutputVolts;

    /// <summary>True while the MCU runs (false while browned out, unpowered, or waiting out its reset delay).</summary>
    public bool McuPowered => _supply.McuPowered;

    /// <summary>True while the rail has come back and the MCU's power-on reset delay runs (it starts shortly).</summary>
    public bool McuStartPending => _supply.StartPending;

    /// <summary>Brown-out resets so far.</summary>
    public int BrownOutCount => _supply.BrownOuts;

    /// <summary>MCU starts so far (including the first).</summary>
    public int McuStartCount => _supply.Starts;

    /// <summary>Present MCU power state.</summary>
    public McuPowerState McuState => _mcuState;

    /// <summary>True while the bridge applies voltage to the motor.</summary>
    public bool MotorEnergised => _bridge.Driving && McuPowered && !_powerCut;

    /// <summary>Ambient temperature, C.</summary>
    public double TemperatureC => _temperatureC;

    /// <summary>Motor winding temperature, C.</summary>
    public double MotorWindingC => _motor.WindingC;

    /// <summary>Where the door is.</summary>
    public DoorPosition Door => _door.Position;

    /// <summary>True unless the door is shut in the frame.</summary>
    public bool DoorOpen => _door.Position != DoorPosition.Closed;

    /// <summary>Total strike-hole offset (as installed plus any fault), mm.</summary>
    public double StrikeOffsetMm => _door.OffsetMm;

    /// <summary>
    /// Moves the strike as installed (hardware <c>strike_offset_mm</c>, on top of any strike_offset fault), as a door
    /// that drops on its hinges does; a bolt already past the strike face meets it when it next retracts.
    /// </summary>
    public void SetInstalledStrikeOffset(double offsetMm)
    {
        _door.InstalledOffsetMm = offsetMm;
        ConfigureStrike();
    }

    /// <summary>
    /// Multiplies the bolt friction from now on, on top of the unit's own (<see cref="PlantParameters.FrictionFactor"/>)
    /// and any stiff_actuator fault: what has changed at the bolt since the lock was fitted and calibrated (a scenario's
    /// hardware <c>friction_factor</c>).
    /// </summary>
    public void SetFittedFriction(double factor) => _fittedFriction = factor;

    /// <summary>Bolt friction multiplier in force (as installed times any stiff_actuator fault).</summary>
    public double FrictionFactor => _parameters.FrictionFactor * _fittedFriction * _stiffFactor;

    /// <summary>Bridge mode the firmware last commanded (the hardware coasts regardless while the MCU is unpowered).</summary>
    public BridgeMode Bridge => _requestedMode;

    /// <summary>Bridge duty the firmware last commanded, permille.</summary>
    public int DutyPermille => Math.Clamp(_requestedDuty, 0, 1000);

    /// <summary>Charge drawn from the pack through its terminals by every consumer, coulombs.</summary>
    public double ChargeDrawnCoulombs => _ledger.TotalMilliampHours * 3.6;

    /// <summary>True once the door has been forced and the strike torn out.</summary>
    public bool StrikeTornOut => _door.StrikeTornOut;

    /// <summary>Charge and energy drawn, by consumer.</summary>
    public EnergyLedger Energy => _ledger;

    /// <summary>The pack (for inspection).</summary>
    public BatteryPack Pack => _pack;

    /// <summary>The motor (for inspection).</summary>
    public DcMotor Motor => _motor;

    /// <summary>The ADC (for inspection of this unit's tolerances).</summary>
    public EspAdc Adc => _adc;

    /// <summary>The current-sense amplifier (for inspection of this unit's tolerances).</summary>
    public CurrentSenseAmplifier CurrentSense => _amplifier;

    /// <summary>The battery divider (for inspection of this unit's tolerances).</summary>
    public BatteryDivider Divider => _divider;

    /// <summary>The parameters the plant was built with.</summary>
    public PlantParameters Parameters => _parameters;

    // ------------------------------------------------------------------ internals

    private void ArmJam(PlantFault fault, double atMm)
    {
        _bolt.SetContact(SlotJam, true, atMm / 1000.0, true, fault.StiffnessNPerMm * 1000.0, _massKg);
    }

    /// <summary>
    /// A pending obstacle (placed in the path while the bolt was out beyond it) arms at its position once the bolt has
    /// retracted to it. One closer in than the bolt's home (the retracted switch's release point,
    /// <see cref="RetractedHomeMm"/>) may never be reached: while the bolt is home it lies against the tip, following
    /// the tip in as the bolt settles, and stays there when the bolt next extends.
    /// </summary>
    private void TrackPendingJam()
    {
        var f = _pendingJam;
        if (f == null) return;
        double bolt = BoltMm;
        if (bolt <= f.PositionMm)
        {
            ArmJam(f, f.PositionMm);
            _pendingJam = null;
            return;
        }
        if (bolt <= RetractedHomeMm && bolt < _jamAtTipMm)
        {
            _jamAtTipMm = bolt;
            ArmJam(f, bolt);
        }
    }

    private void SubStep(double dt)
    {
        double t = _time;
        if (_pendingJam != null) TrackPendingJam();

        // Human actions due now.
        while (_keyActionIndex < _keyActions.Count && _keyActions[_keyActionIndex].AtSeconds <= t)
        {
            var a = _keyActions[_keyActionIndex++];
            if (a.Press)
            {
                _keypad.Press(a.Key, a.AtSeconds);
            }
            else
            {
                _keypad.Release(a.Key, a.AtSeconds);
            }
        }

        double x = _bolt.PositionM;
        double v = _bolt.VelocityMps;
        double handN = _hand.Active ? _hand.Force(t, x, v) : 0;

        // Electrical: the pack behind its resistance feeds the fixed loads and the bridge.
        double emf = _powerCut ? 0 : _pack.EmfVolts;
        double rPack = _pack.SeriesOhms;
        // The wake inputs' pull-ups load the rail by the switch levels before this step's motion: once for the bus and the ledger.
        double wakeAmps = WakeInputAmps();
        double fixedAmps = FixedLoadAmps(emf, wakeAmps);
        double busEmf = emf - rPack * fixedAmps;
        double omega = v * _gearPerMetre;
        double extraOhms = _torqueFactor < 1 ? _motor.ResistanceAtReference * (1.0 / _torqueFactor - 1.0) : 0;
        extraOhms += _motor.CommutationOhms;
        _bridge.Solve(_motor, omega, dt, busEmf, rPack, _motorOpen, _shortOhms, extraOhms);
        _motor.AdvanceAngle(omega, dt);
        double bridgeAmps = _bridge.SupplyAmps;
        double driverAmps = _bridge.Driving && emf > 0 ? DriverAwakeAmps : 0;
        _otherLoadAmps = fixedAmps + driverAmps;
        _busVolts = _powerCut ? 0 : emf - rPack * (_otherLoadAmps + bridgeAmps);
        if (_busVolts < 0)
        {
            _busVolts = 0;
        }

        // Mechanics at the bolt.
        double g = _gearPerMetre;
        double emN = g * _motor.Ke * _bridge.MotorAmps;
        double motorCoulombN = g * _motor.CoulombFrictionNm;
        double gearLossN = (1 - _motor.GearEfficiency) * Math.Max(0, Math.Abs(emN) - motorCoulombN);
        double boltFactor = _parameters.FrictionFactor * _fittedFriction * _stiffFactor;
        double wavePhase = x * (1.0 / 0.006) + _frictionPhase;
        double waviness = 1 + 0.08 * (4.0 * Math.Abs(wavePhase - Math.Floor(wavePhase) - 0.5) - 1.0);
        double boltCoulombN = _bolt.CoulombN * _greaseCoulomb * boltFactor * _unitFriction * waviness;
        double rubN = _door.RubN(x * 1000.0);
        double coulombN = boltCoulombN + motorCoulombN + gearLossN + rubN;
        double staticN = boltCoulombN * _bolt.StaticRatio + motorCoulombN + gearLossN + rubN;
        double viscous = _bolt.ViscousNsPerM * _greaseViscous * boltFactor + g * g * _motor.ViscousNmPerRadPerSecond;
        _bolt.Step(dt, _massKg, emN + handN, coulombN, staticN, viscous);

        // Battery and ledger.
        if (!_powerCut)
        {
            Account(fixedAmps, driverAmps, dt, wakeAmps);
            _ledger.Add(EnergyConsumer.Motor, bridgeAmps, _busVolts, dt);
            _pack.Draw(_otherLoadAmps + bridgeAmps, dt);
        }
        _motor.AdvanceThermal(dt);

        _time = t + dt;
        double boltMm = _bolt.PositionMm;
        _extendedSwitch.Track(boltMm, _time);
        _retractedSwitch.Track(boltMm, _time);
        if (_strikeFacePending && boltMm < _door.GapMm)
        {
            ConfigureStrike();
        }

        if (_supply.Update(_busVolts, LdoLoadAmps(), _time))
        {
            OnMcuPowerChanged();
        }
    }

    private void Account(double fixedAmps, double driverAmps, double seconds, double wakeAmps)
    {
        double v = _busVolts;
        bool on = McuPowered;
        _ledger.Add(EnergyConsumer.Regulator, _supply.QuiescentAmps, v, seconds);
        _ledger.Add(EnergyConsumer.Divider, _divider.Amps(v), v, seconds);
        if (on)
        {
            _ledger.Add(EnergyConsumer.Mcu, _mcuAmps, v, seconds);
            _ledger.Add(EnergyConsumer.Led, _ledAmps, v, seconds);
            _ledger.Add(EnergyConsumer.Buzzer, _buzzerAmps, v, seconds);
            _ledger.Add(EnergyConsumer.WakeInputs, wakeAmps, v, seconds);
        }
        _ledger.Add(EnergyConsumer.Driver, driverAmps + DriverSleepAmps, v, seconds);
        _ledger.Add(EnergyConsumer.SelfDischarge, _pack.SelfDischargeAmps, v, seconds);
    }

    private double McuAmps() => _mcuState switch
    {
        McuPowerState.Active => McuActiveAmps,
        McuPowerState.Booting => McuBootAmps,
        McuPowerState.LightSleep => McuLightSleepAmps,
        McuPowerState.DeepSleep => McuDeepSleepAmps,
        _ => 0,
    };

    private double LedAmps()
    {
        double a = _ledColour switch
        {
            LedColour.Red => LedRedAmps,
            LedColour.Green => LedGreenAmps,
            LedColour.Amber => LedRedAmps + LedGreenAmps,
            _ => 0,
        };
        return a * _ledFraction;
    }

    /// <summary>Current out of the 3.3 V rail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double LdoLoadAmps() => LdoLoadAmps(WakeInputAmps());

    /// <summary>Current out of the 3.3 V rail, with the wake inputs' share <paramref name="wakeAmps"/> already known.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double LdoLoadAmps(double wakeAmps) => McuPowered ? _railAmps + wakeAmps : 0;

    private void RefreshRailLoads()
    {
        _mcuAmps = McuAmps();
        _ledAmps = LedAmps();
        _buzzerAmps = _buzzerFraction * BuzzerAmps;
        _railAmps = _mcuAmps + _ledAmps + _buzzerAmps;
    }

    /// <summary>Current through the pull-ups of the wake inputs that read low (closed switches), from the 3.3 V rail.</summary>
    private double WakeInputAmps()
    {
        int low = (LimitExtendedHigh ? 0 : 1) + (LimitRetractedHigh ? 0 : 1) + (DoorReedHigh ? 0 : 1);
        return low * _supply.NominalVolts / WakePullUpOhms;
    }

    /// <summary>Loads other than the bridge, drawn from the pack: regulator (load + quiescent) and divider.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double FixedLoadAmps(double emf, double wakeAmps)
    {
        if (emf <= 0)
        {
            return 0;
        }
        return LdoLoadAmps(wakeAmps) + _supply.QuiescentAmps + _divider.Amps(emf) + DriverSleepAmps;
    }

    private void UpdateSupply(double bridgeAmps)
    {
        double emf = _powerCut ? 0 : _pack.EmfVolts;
        _otherLoadAmps = FixedLoadAmps(emf, WakeInputAmps());
        _busVolts = _powerCut ? 0 : Math.Max(0, emf - _pack.SeriesOhms * (_otherLoadAmps + bridgeAmps));
    }

    private void ForcePowerOnState()
    {
        // Initial power-on: treat the EN delay as already elapsed.
        _supply.Update(_busVolts, 0, 0);
        _supply.Update(_busVolts, 0, _supply.RestartDelaySeconds);
        OnMcuPowerChanged();
    }

    private void OnMcuPowerChanged()
    {
        // Reset or start: GPIOs return to their boot state. Bridge inputs have pull-downs (coast), LED and buzzer
        // off, keypad rows released; the MCU starts active.
        _mcuState = McuPowerState.Active;
        _ledColour = LedColour.Off;
        _ledFraction = 0;
        _buzzerFraction = 0;
        RefreshRailLoads();
        _drivenRows = 0;
        _keypad.DrivenRows = 0;
        _requestedMode = BridgeMode.Coast;
        _requestedDuty = 0;
        ApplyBridge();
    }

    private void ApplyBridge()
    {
        if (McuPowered && !_powerCut)
        {
            _bridge.Set(_requestedMode, _requestedDuty);
        }
        else
        {
            _bridge.Set(BridgeMode.Coast, 0);
        }
    }

    private void ConfigureStrike()
    {
        bool blocked = _door.FaceBlocksBolt;
        double gapM = _door.GapMm / 1000.0;
        if (blocked && _bolt.PositionM > gapM)
        {
            // The bolt is already past the face (offset appeared with the bolt thrown): the face engages once it retracts.
            _strikeFacePending = true;
            _bolt.SetContact(SlotStrikeFace, false, gapM, true, _door.StrikeStiffnessNPerM, _massKg);
            return;
        }
        _strikeFacePending = false;
        _bolt.SetContact(SlotStrikeFace, blocked, gapM, true, _door.StrikeStiffnessNPerM, _massKg);
    }

    private static bool SameSlot(PlantFault a, PlantFault b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }
        return a.Kind switch
        {
            PlantFaultKind.LimitSwitchStuck => a.ExtendedSwitch == b.ExtendedSwitch,
            PlantFaultKind.AdcStuck => a.BatteryChannel == b.BatteryChannel,
            _ => true,
        };
    }
}
