using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;

using LockFirmware.Runtime;
using LockFirmware.Sensing;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>
/// Runs the unchanged firmware against the plant in virtual time. The plant advances in 1 ms steps while
/// anything moves and in one jump across quiet stretches; the firmware is polled at the times it asks for
/// (<see cref="LockController.NextPollMs"/>) and on every input interrupt. Power cuts and brown-outs lose
/// the firmware's RAM: a fresh <see cref="LockController"/> boots on the same storage when power returns.
/// Scenario time 0 is the end of provisioning (codes stored, calibration run, bolt placed, rebooted).
/// </summary>
public sealed class SimulatedLock : ILockObserver
{
    /// <summary>Plant integration step while anything moves, ms.</summary>
    public const int StepMs = 1;

    /// <summary>
    /// Polls allowed at one virtual millisecond. The firmware asks again "now" only while its event queue has
    /// entries, which a poll drains, so a handful is normal; more means its <see cref="LockController.NextPollMs"/>
    /// never advances (a busy-loop), and <see cref="RunUntil"/> throws instead of hanging.
    /// </summary>
    public const int MaxPollsPerMs = 10000;

    /// <summary>
    /// Time from any MCU start (a deep-sleep wake, a software reset, a power-on or the restart after a brown-out) to the
    /// firmware running (the firmware's PowerBudget.BootMs), ms. The ROM and second-stage bootloader, the image load and
    /// the nanoCLR start-up are the same whatever reset the chip took, and so is their load (45 mA,
    /// <see cref="McuPowerState.Booting"/>): the firmware's first battery reading is taken under it.
    /// </summary>
    public const int DeepSleepBootMs = LockFirmware.Power.PowerBudget.BootMs;

    /// <summary>
    /// How long a person at a dark keypad waits after the key press that wakes a deep-sleeping lock before typing:
    /// the boot plus a reaction to the keypad lighting up, ms.
    /// </summary>
    public const int WakeWaitMs = DeepSleepBootMs + 700;

    /// <summary>A human key press lasts <see cref="KeyPressMinMs"/>..<see cref="KeyPressMaxMs"/>, the gap to the next press
    /// <see cref="KeyGapMinMs"/>..<see cref="KeyGapMaxMs"/> (uniform; docs/scenarios.md), ms.</summary>
    public const int KeyPressMinMs = 80, KeyPressMaxMs = 150, KeyGapMinMs = 150, KeyGapMaxMs = 300;

    /// <summary>
    /// The longest a person takes to type <paramref name="keys"/> keys at an awake keypad, from the first press to the last
    /// release, ms (a deep-sleeping keypad adds the wake, <see cref="WakeWaitMs"/>, known only when the typing starts).
    /// </summary>
    public static long TypingMaxMs(int keys) => keys <= 0 ? 0 : keys * (long)KeyPressMaxMs + (keys - 1) * (long)KeyGapMaxMs;

    /// <summary>Temperature at which the installer provisions and calibrates the lock, C.</summary>
    public const double InstallTemperatureC = 20.0;

    private readonly PriorityQueue<Action, (long, long)> _actions = new();
    private readonly Random _human;
    private readonly SimStorage _storage = new();
    private readonly SimSerialLink _serial = new();
    private readonly List<SimEvent> _events = new();
    private readonly HashSet<FaultCode> _faultsSeen = new();
    private readonly HashSet<AlarmCode> _alarms = new();
    private long _sequence;
    private long _absMs;
    private long _originMs;
    private long _bootAbsMs;
    private LockController? _firmware;
    private SimPowerControl? _power;
    private SimKeypadMatrix _keypad;
    private bool _lastDoor, _lastExtended, _lastRetracted;
    private int _lastColumns;
    private bool _recording;
    private SimStatusLed? _led;
    private SimBuzzer? _buzzer;
    private long _observerBytes;
    private readonly AllocationMeter _meter = new();
    // Deep sleep: the firmware is gone (RAM lost) until a wake line changes or the deadline; then it boots.
    private bool _deepSleeping;
    private long _wakeAbsMs;
    private int _wakeMask;
    private int _wokeBy;
    private long _bootDoneAbsMs = -1;
    // The boot in progress (_bootDoneAbsMs >= 0): the reset it follows and the firmware clock's origin (-1: the start).
    private ResetCause _bootCause;
    private long _bootClockOriginAbs = -1;
    private bool _sleepDoor, _sleepExtended, _sleepRetracted;
    private LockController? _sleptFirmware;
    // A console line was just handed to a firmware that polls this millisecond: it reads it before the next action.
    private bool _pollBeforeNextAction;

    /// <summary>Builds the plant, provisions the lock and leaves it at scenario time 0.</summary>
    public SimulatedLock(SimOptions options)
    {
        Options = options;
        // Wraps for seeds above 271164 (any int is a valid seed); below that the numbers are those of every earlier run.
        _human = new Random(unchecked(options.Seed * 7919 + 17));
        var hw = options.Hardware;
        // The installer provisions and calibrates the lock at room temperature on fresh cells of the chosen
        // chemistry; the scenario's temperature and state of charge apply from scenario time 0. (A nearly
        // empty pack in the cold browns out during strokes and could never finish a calibration run.)
        Plant = new LockPlant(new PlantParameters
        {
            TemperatureC = InstallTemperatureC, Chemistry = hw.Chemistry, StateOfCharge = 1.0,
            Door = hw.Door, StrikeOffsetMm = hw.StrikeOffsetMm, FrictionFactor = hw.FrictionFactor,
            InitialBoltMm = options.StartLocked ? 25 : 0,
        }, options.Seed);
        _keypad = new SimKeypadMatrix(Plant);
        Provision();
    }

    /// <summary>Start options.</summary>
    public SimOptions Options { get; }
    /// <summary>The plant.</summary>
    public LockPlant Plant { get; }
    /// <summary>The running firmware (null while the MCU has no power or is in deep sleep).</summary>
    public LockController? Firmware => _firmware;
    /// <summary>
    /// What the lock last reported: the running firmware, or while the MCU deep-sleeps the instance that went to sleep
    /// (its RAM as it was; the next start restores the same state from storage). For reading only: calls on a sleeping
    /// instance would drive the plant with nobody polling it.
    /// </summary>
    public LockController? ReportedFirmware => _firmware ?? (McuDeepAsleep ? _sleptFirmware : null);
    /// <summary>Persistent storage (survives power cuts).</summary>
    public SimStorage Storage => _storage;
    /// <summary>The console link.</summary>
    public SimSerialLink Serial => _serial;
    /// <summary>Scenario time, ms.</summary>
    public long NowMs => _absMs - _originMs;
    /// <summary>Everything the firmware reported since scenario time 0.</summary>
    public IReadOnlyList<SimEvent> Events => _events;
    /// <summary>Faults raised at some point since time 0.</summary>
    public IReadOnlySet<FaultCode> FaultsSeen => _faultsSeen;
    /// <summary>Alarms raised since time 0.</summary>
    public IReadOnlySet<AlarmCode> Alarms => _alarms;
    /// <summary>Called for each event as it happens.</summary>
    public Action<SimEvent>? OnEvent { get; set; }
    /// <summary>Called after every plant step or jump (trace writers).</summary>
    public Action<SimulatedLock>? OnStep { get; set; }
    /// <summary>
    /// Called before the plant jumps quietly to the next poll or action, with the state the firmware's polls of this
    /// millisecond left (a bridge set to coast, a lock state reported): <see cref="OnStep"/> runs only at the end of the
    /// jump, and a recorder sampling there alone showed such a change up to the next step (a calibration run's last brake
    /// 8 s long in the trace; blind acceptance tests, 2026-11-28). Observers only: reads nothing that changes the run.
    /// </summary>
    public Action<SimulatedLock>? BeforeQuiet { get; set; }
    /// <summary>True while the MCU runs (deep sleep and a boot count as running: the chip is powered).</summary>
    public bool McuRunning => _firmware != null || McuDeepAsleep;
    /// <summary>
    /// True while the MCU is powered with no firmware in RAM: in deep sleep, or booting (out of deep sleep, after a
    /// software reset, a power-on or a brown-out; <see cref="DeepSleepBootMs"/>).
    /// </summary>
    public bool McuDeepAsleep => _deepSleeping || _bootDoneAbsMs >= 0;
    /// <summary>True while the MCU boots (<see cref="DeepSleepBootMs"/> under the boot load before the firmware starts).</summary>
    public bool McuBooting => _bootDoneAbsMs >= 0;
    /// <summary>Deep sleeps entered since provisioning.</summary>
    public int DeepSleeps { get; private set; }
    /// <summary>Charge drawn by every consumer (MCU state, LED, buzzer, motor) since provisioning.</summary>
    public EnergyMeter Energy { get; } = new();
    /// <summary>
    /// Bytes the firmware allocated inside <see cref="LockController.Poll"/> since the last reset of this
    /// counter (the simulator's own observer allocations are subtracted). The steady-state loop must keep it 0.
    /// </summary>
    public long FirmwareAllocatedBytes { get; set; }
    /// <summary>Firmware polls made.</summary>
    public long FirmwarePolls { get; set; }
    /// <summary>Completed lock operations since time 0 (across reboots).</summary>
    public int Locks { get; private set; }
    /// <summary>Completed unlock operations since time 0 (across reboots).</summary>
    public int Unlocks { get; private set; }

    /// <summary>
    /// Called once the current instant is handled, just before time advances: the actions due now have run, and so have
    /// the boot and the firmware polls due now. Observers (a scenario's expectations) read the lock here; they must not
    /// change it.
    /// </summary>
    public Action? OnInstantHandled { get; set; }

    /// <summary>
    /// True when the firmware has handled everything that has happened so far (read it from <see cref="OnInstantHandled"/>):
    /// no input edge waits to be noticed (the engine notices a plant change after the next 1 ms plant step), no console
    /// byte waits unread, the firmware is not due a poll, and the MCU is not booting or about to boot (a wake out of deep
    /// sleep takes <see cref="DeepSleepBootMs"/>, a power-on the supply's reset delay). With the MCU unpowered, or deep-sleeping with no wake line changed,
    /// nothing is left to react: settled.
    /// </summary>
    public bool Settled
    {
        get
        {
            if (!Plant.McuPowered) return !Plant.McuStartPending;
            if (_deepSleeping) return DeepSleepWakeLines() == 0 && _absMs < _wakeAbsMs;
            if (_bootDoneAbsMs >= 0 || _firmware == null) return false;
            if (_bootAbsMs + _firmware.NextPollMs <= _absMs || _serial.Pending > 0) return false;
            return !InputEdgePending();
        }
    }

    /// <summary>
    /// True when a pin the firmware watches (door reed, limit switches, an idle keypad column) differs from what it was
    /// last told: an edge <see cref="CheckInputs"/> has yet to post.
    /// </summary>
    private bool InputEdgePending()
    {
        bool idleRows = _keypad.DrivenRows == (1 << BoardConfig.KeypadRows) - 1;
        int columns = idleRows ? Plant.ReadKeypadColumns() : 0;
        return Plant.DoorReedHigh != _lastDoor || Plant.LimitExtendedHigh != _lastExtended || Plant.LimitRetractedHigh != _lastRetracted
            || (idleRows && columns != _lastColumns && columns != 0);
    }

    /// <summary>
    /// Scenario time at which the last key of the typing started so far is released (0: nothing typed yet). Known once
    /// the typing starts: a person at a deep-sleeping keypad first wakes it (<see cref="WakeWaitMs"/>).
    /// </summary>
    public long TypingUntilMs { get; private set; }

    /// <summary>Runs <paramref name="action"/> at scenario time <paramref name="atMs"/>.</summary>
    public void At(long atMs, Action action) => _actions.Enqueue(action, (atMs + _originMs, _sequence++));

    /// <summary>Types <paramref name="keys"/> from <paramref name="atMs"/> with human timing; returns when the last key is released.</summary>
    public long TypeKeys(long atMs, string keys)
    {
        long t = atMs;
        var presses = new List<(long Press, long Release, char Key)>();
        foreach (char k in keys)
        {
            if (BoardConfig.KeypadKeys.IndexOf(k) < 0) throw new ArgumentException($"'{k}' is not a key of the 3x4 keypad (keys: {BoardConfig.KeypadKeys})");
            long press = t;
            long release = press + KeyPressMinMs + _human.Next(KeyPressMaxMs - KeyPressMinMs + 1);
            presses.Add((press, release, k));
            t = release + KeyGapMinMs + _human.Next(KeyGapMaxMs - KeyGapMinMs + 1);
        }
        At(atMs, () => StartTyping(atMs, presses, 0));
        return t;
    }

    /// <summary>Most times a person presses <c>*</c> on a dark keypad before typing anyway.</summary>
    public const int MaxWakePresses = 3;

    /// <summary>
    /// A person at a deep-sleeping (dark) keypad first presses <c>*</c> to wake it, and looks again
    /// <see cref="WakeWaitMs"/> later: lit, they type; still dark (the press fell into a boot from the hourly timer wake,
    /// which does not see a key already released, and that boot went back to sleep), they press <c>*</c> again.
    /// </summary>
    private void StartTyping(long atMs, List<(long Press, long Release, char Key)> presses, int wakePresses)
    {
        if (McuDeepAsleep && wakePresses < MaxWakePresses)
        {
            Plant.PressKey('*');
            At(NowMs + 100, () => Plant.ReleaseKey('*'));
            long look = NowMs + WakeWaitMs;
            if (presses.Count > 0) TypingUntilMs = Math.Max(TypingUntilMs, presses[^1].Release + look - atMs);
            At(look, () => StartTyping(atMs, presses, wakePresses + 1));
            return;
        }
        long shift = NowMs - atMs;
        foreach (var (press, release, key) in presses)
        {
            At(press + shift, () => Plant.PressKey(key));
            At(release + shift, () => Plant.ReleaseKey(key));
        }
        if (presses.Count > 0) TypingUntilMs = Math.Max(TypingUntilMs, presses[^1].Release + shift);
    }

    /// <summary>Sends a console line at <paramref name="atMs"/>.</summary>
    public void ConsoleAt(long atMs, string line) => At(atMs, () =>
    {
        // Bytes sent to an unpowered ESP32 are lost (its UART and FIFO are off): the line is never read, and no command
        // queued during a power cut runs when the power returns (blind acceptance tests, 2026-11-28: an `unlock` typed
        // during the cut opened the door 8 s later, before the start-up self-test).
        if (!Plant.McuPowered) return;
        _serial.SendLine(line);
        // The console cannot wake a deep-sleeping ESP32 by itself (UART wake is light-sleep only): the technician's
        // adapter plugged in is the wake (the line is read once the firmware has booted).
        if (_deepSleeping) WakeFromDeepSleep(1 << (int)InputLine.Serial);
        _firmware?.OnInputChanged(InputLine.Serial);
        // Steps at the same time run in file order, each after the firmware has seen the one before (docs/scenarios.md):
        // let it read the line before a power cut in the same millisecond clears its UART (the line used to vanish then,
        // unanswered and unreported: blind acceptance tests, 2026-11-28).
        _pollBeforeNextAction = _firmware != null && _bootAbsMs + _firmware.NextPollMs <= _absMs;
    });

    /// <summary>
    /// Cuts power at <paramref name="atMs"/> for <paramref name="durationMs"/>. Cuts that overlap (a <c>sim power_cut</c>
    /// typed while the power is off) make one: the power returns at the latest end, not at the first one's (hunt7).
    /// </summary>
    public void PowerCutAt(long atMs, long durationMs)
    {
        At(atMs, () =>
        {
            Plant.CutPower(true);
            PowerBackMs = Math.Max(PowerBackMs, atMs + durationMs);
        });
        At(atMs + durationMs, () =>
        {
            if (NowMs >= PowerBackMs) Plant.CutPower(false);
        });
    }

    /// <summary>Scenario time at which the last power cut started so far ends (0: none yet).</summary>
    public long PowerBackMs { get; private set; }

    /// <summary>Advances to scenario time <paramref name="untilMs"/>.</summary>
    public void RunUntil(long untilMs) => RunUntilAbsolute(untilMs + _originMs);

    /// <summary>
    /// Finishes the current instant without advancing time: runs the actions due now, the boot or wake due now and
    /// the firmware polls due now, then calls <see cref="OnInstantHandled"/>. <see cref="RunUntil"/> stops when it
    /// reaches its end, before what is due exactly then (the next call starts with it); a scenario calls this at
    /// its end so that a step or expectation at <c>run_until</c> happens.
    /// </summary>
    public void FinishInstant() => RunUntilAbsolute(_absMs, finishInstant: true);

    private void RunUntilAbsolute(long endAbs, bool finishInstant = false)
    {
        long pollsAtMs = -1;
        int pollsThisMs = 0;
        while (_absMs < endAbs || finishInstant)
        {
            RunDueActions();
            CheckPower();
            if (McuDeepAsleep && Plant.McuPowered)
            {
                if (DeepSleepTransition()) continue;
                if (_absMs >= endAbs) break;
                OnInstantHandled?.Invoke();
                AdvanceDeepSleep(endAbs);
                continue;
            }
            // Read once per pass: nothing between here and the plant step changes the firmware's state.
            var firmware = _firmware;
            long nextPoll = firmware == null ? long.MaxValue : _bootAbsMs + firmware.NextPollMs;
            if (firmware != null && nextPoll <= _absMs)
            {
                // A firmware whose NextPollMs never moves past now would spin here for ever: fail loudly instead.
                if (_absMs != pollsAtMs) { pollsAtMs = _absMs; pollsThisMs = 0; }
                if (++pollsThisMs > MaxPollsPerMs)
                {
                    // It would hang the virtual clock here, and on the device keep the CPU awake for ever.
                    throw new FirmwareSpinException(NowMs, MaxPollsPerMs,
                        $"NextPollMs={firmware.NextPollMs}, uptime {firmware.UptimeMs} ms, machine {firmware.MachineState}, drive {firmware.Drive.State}");
                }
                _observerBytes = 0;
                _meter.ExcludedBytes = 0;
                long before = GC.GetAllocatedBytesForCurrentThread();
                firmware.Poll();
                FirmwareAllocatedBytes += GC.GetAllocatedBytesForCurrentThread() - before - _observerBytes - _meter.ExcludedBytes;
                FirmwarePolls++;
                // A software reset keeps the ESP32's RTC counting (ESP-IDF system time survives every reset but
                // power-on): the firmware's clock runs on, as through a deep sleep.
                if (_power!.RebootRequested) Reset();
                else if (_power.DeepSleepRequested) EnterDeepSleep();
                CheckInputs();
                continue;
            }
            if (_absMs >= endAbs) break;
            OnInstantHandled?.Invoke();
            // A pin that changed without plant motion (an injected stuck reed or limit switch, `sim inject`) is an edge
            // like any other: step the plant so CheckInputs posts it after 1 ms, as for a door that moves. A quiet jump
            // posted it only where the jump ended (the next poll, step or expectation, or the end of the run), so the
            // firmware's reaction moved with what the scenario checked (hunt7).
            if (Plant.IsQuiet && !(_firmware != null && InputEdgePending()))
            {
                long target = Math.Min(Math.Min(nextPoll, NextActionAbsMs()), endAbs);
                if (target > _absMs)
                {
                    AdvanceQuietTo(target, _firmware == null ? McuPowerState.Off : McuPowerState.LightSleep);
                    CheckInputs();
                    continue;
                }
            }
            StepOnce(_firmware == null ? McuPowerState.Off : McuPowerState.Active);
            CheckInputs();
        }
        if (finishInstant) OnInstantHandled?.Invoke();
    }

    /// <summary>When the next scheduled action is due (absolute ms), or <c>long.MaxValue</c>.</summary>
    private long NextActionAbsMs() => _actions.TryPeek(out _, out var key) ? key.Item1 : long.MaxValue;

    /// <summary>Advances a quiet plant to <paramref name="targetAbsMs"/> in one jump, the MCU in <paramref name="state"/>.</summary>
    private void AdvanceQuietTo(long targetAbsMs, McuPowerState state)
    {
        BeforeQuiet?.Invoke(this);
        double seconds = (targetAbsMs - _absMs) / 1000.0;
        Plant.SetMcuState(state);
        Plant.AdvanceQuiet(seconds);
        Meter(seconds, state);
        _absMs = targetAbsMs;
        OnStep?.Invoke(this);
    }

    /// <summary>One plant step of <see cref="StepMs"/>, the MCU in <paramref name="state"/>.</summary>
    private void StepOnce(McuPowerState state)
    {
        Plant.SetMcuState(state);
        Plant.Step(StepMs / 1000.0);
        Meter(StepMs / 1000.0, state);
        _absMs += StepMs;
        OnStep?.Invoke(this);
    }

    private void EnterDeepSleep()
    {
        _wakeAbsMs = _bootAbsMs + _power!.DeepSleepDeadlineMs;
        _wakeMask = _power.DeepSleepWakeMask;
        _sleptFirmware = _firmware;
        _firmware = null;
        _deepSleeping = true;
        DeepSleeps++;
        // GPIO outputs switch off in deep sleep: bridge inputs low (coast), LED and buzzer off; the keypad rows are
        // held high by their pull-ups (the firmware left them driven high when idle).
        Plant.SetBridge(BridgeMode.Coast, 0);
        Plant.SetLed(LedColour.Off, 0);
        Plant.SetBuzzer(0, 0);
        _sleepDoor = Plant.DoorReedHigh;
        _sleepExtended = Plant.LimitExtendedHigh;
        _sleepRetracted = Plant.LimitRetractedHigh;
    }

    private int DeepSleepWakeLines()
    {
        int woke = 0;
        if ((_wakeMask & (1 << (int)InputLine.Keypad)) != 0 && Plant.ReadKeypadColumns() != 0) woke |= 1 << (int)InputLine.Keypad;
        if ((_wakeMask & (1 << (int)InputLine.Door)) != 0 && Plant.DoorReedHigh != _sleepDoor) woke |= 1 << (int)InputLine.Door;
        if ((_wakeMask & (1 << (int)InputLine.LimitExtended)) != 0 && Plant.LimitExtendedHigh != _sleepExtended) woke |= 1 << (int)InputLine.LimitExtended;
        if ((_wakeMask & (1 << (int)InputLine.LimitRetracted)) != 0 && Plant.LimitRetractedHigh != _sleepRetracted) woke |= 1 << (int)InputLine.LimitRetracted;
        return woke;
    }

    private void WakeFromDeepSleep(int wokeBy)
    {
        _deepSleeping = false;
        // The clock carries on across deep sleep (RTC): the firmware's clock keeps its power-on origin.
        BeginBoot(ResetCause.DeepSleepWake, wokeBy, _bootAbsMs);
    }

    /// <summary>
    /// The MCU starts booting now: the firmware (a fresh <see cref="LockController"/>) starts <see cref="DeepSleepBootMs"/>
    /// later, the plant carrying the boot load meanwhile (<see cref="AdvanceDeepSleep"/>), unless the power goes first.
    /// </summary>
    private void BeginBoot(ResetCause cause, int wakeLineMask, long clockOriginAbs)
    {
        _bootCause = cause;
        _wokeBy = wakeLineMask;
        _bootClockOriginAbs = clockOriginAbs;
        _bootDoneAbsMs = _absMs + DeepSleepBootMs;
    }

    /// <summary>
    /// The firmware asked for a software reset (console <c>reboot</c>): RAM is lost and the GPIOs return to their reset
    /// state (bridge inputs pulled low, LED and buzzer off) while the chip boots again. The ESP32's RTC counts on
    /// through every reset but a power-on (ESP-IDF system time), so the firmware's clock keeps its origin.
    /// </summary>
    private void Reset()
    {
        _sleptFirmware = _firmware;
        _firmware = null;
        Plant.SetBridge(BridgeMode.Coast, 0);
        Plant.SetLed(LedColour.Off, 0);
        Plant.SetBuzzer(0, 0);
        BeginBoot(ResetCause.Software, 0, _bootAbsMs);
    }

    /// <summary>
    /// Deep sleep's transitions due now: a wake line or the timer ends the sleep, the boot time ends the boot.
    /// Returns true when one happened (time has not moved).
    /// </summary>
    private bool DeepSleepTransition()
    {
        if (_deepSleeping)
        {
            int woke = DeepSleepWakeLines();
            if (woke != 0 || _absMs >= _wakeAbsMs)
            {
                WakeFromDeepSleep(woke);
                return true;
            }
        }
        else if (_absMs >= _bootDoneAbsMs)
        {
            _bootDoneAbsMs = -1;
            Boot(_bootCause, _wokeBy, _bootClockOriginAbs);
            return true;
        }
        return false;
    }

    /// <summary>Deep sleep, then the boot out of it, or a boot after a reset: the plant runs with no firmware until a wake line, the timer, and the boot time.</summary>
    private void AdvanceDeepSleep(long endAbs)
    {
        var state = _deepSleeping ? McuPowerState.DeepSleep : McuPowerState.Booting;
        long target = Math.Min(Math.Min(_deepSleeping ? _wakeAbsMs : _bootDoneAbsMs, NextActionAbsMs()), endAbs);
        if (Plant.IsQuiet && target > _absMs) AdvanceQuietTo(target, state);
        else StepOnce(state);
    }

    private void Meter(double seconds, McuPowerState state) =>
        Energy.Advance(seconds, state, _led != null && _led.Colour != LedColour.Off, _buzzer != null && _buzzer.Sounding,
            Plant.MotorCurrentMilliamps * Plant.DutyPermille / 1000.0);

    private void RunDueActions()
    {
        while (_actions.TryPeek(out var action, out var key) && key.Item1 <= _absMs)
        {
            _actions.Dequeue();
            action();
            if (_pollBeforeNextAction)
            {
                // The firmware polls now (RunUntilAbsolute), then the rest of this millisecond's actions run.
                _pollBeforeNextAction = false;
                return;
            }
        }
    }

    private void CheckPower()
    {
        if (McuDeepAsleep && !Plant.McuPowered)
        {
            // Power lost while asleep: the next start is a power-on.
            _deepSleeping = false;
            _bootDoneAbsMs = -1;
        }
        if (_firmware != null && !Plant.McuPowered)
        {
            // RAM is gone; the bridge inputs float low (pull-downs), so the bridge coasts. The UART's receive FIFO goes with it.
            _firmware = null;
            _serial.ClearInput();
            Plant.SetBridge(BridgeMode.Coast, 0);
            Plant.SetLed(LedColour.Off, 0);
            Plant.SetBuzzer(0, 0);
        }
        else if (_firmware == null && Plant.McuPowered && !McuDeepAsleep)
        {
            // Power-on or the restart after a brown-out: the chip boots under its boot load before the firmware runs;
            // nothing from before the power loss is what the lock reports.
            _sleptFirmware = null;
            BeginBoot(Plant.TakeSupplyRemoved() ? ResetCause.PowerOn : ResetCause.BrownOut, 0, -1);
        }
    }

    private void Boot(ResetCause cause, int wakeLineMask = 0, long clockOriginAbs = -1)
    {
        _bootAbsMs = clockOriginAbs >= 0 ? clockOriginAbs : _absMs;
        _power = new SimPowerControl(cause, wakeLineMask);
        _led = new SimStatusLed(Plant);
        _buzzer = new SimBuzzer(Plant);
        var board = new LockFirmware.Hal.Board
        {
            Motor = new SimMotorDriver(Plant, _meter),
            MotorCurrent = new SimAnalogChannel(Plant.SampleMotorCurrentCounts, _meter),
            Battery = new SimAnalogChannel(Plant.SampleBatteryCounts, _meter),
            LimitExtended = new SimDigitalInput(() => Plant.LimitExtendedHigh, _meter),
            LimitRetracted = new SimDigitalInput(() => Plant.LimitRetractedHigh, _meter),
            Door = new SimDigitalInput(() => Plant.DoorReedHigh, _meter),
            Keypad = _keypad,
            Led = _led,
            Buzzer = _buzzer,
            Clock = new SimClock(() => _absMs, _bootAbsMs),
            Storage = _storage,
            Console = _serial,
            Power = _power,
        };
        _firmware = new LockController(board);
        _firmware.SetObserver(this);
        _firmware.Start();
        SnapshotInputs();
    }

    private void SnapshotInputs()
    {
        _lastDoor = Plant.DoorReedHigh;
        _lastExtended = Plant.LimitExtendedHigh;
        _lastRetracted = Plant.LimitRetractedHigh;
        _lastColumns = _keypad.DrivenRows == (1 << BoardConfig.KeypadRows) - 1 ? Plant.ReadKeypadColumns() : 0;
    }

    private void CheckInputs()
    {
        var sink = _power?.Sink;
        if (_firmware == null || sink == null) return;
        // Each level is read once and becomes the new snapshot: posting an edge only queues it, so the plant's
        // pins cannot have moved between the comparison and the snapshot (this runs after every plant step).
        bool door = Plant.DoorReedHigh, extended = Plant.LimitExtendedHigh, retracted = Plant.LimitRetractedHigh;
        if (door != _lastDoor) sink.OnInputChanged(InputLine.Door);
        if (extended != _lastExtended) sink.OnInputChanged(InputLine.LimitExtended);
        if (retracted != _lastRetracted) sink.OnInputChanged(InputLine.LimitRetracted);
        bool idleRows = _keypad.DrivenRows == (1 << BoardConfig.KeypadRows) - 1;
        int columns = idleRows ? Plant.ReadKeypadColumns() : 0;
        if (idleRows && columns != _lastColumns && columns != 0) sink.OnInputChanged(InputLine.Keypad);
        _lastDoor = door;
        _lastExtended = extended;
        _lastRetracted = retracted;
        _lastColumns = columns;
    }

    /// <summary>
    /// Wall time at scenario time 0, ms since 1970: 2026-01-01 00:00:00 UTC. The contract's scenarios start "clock set":
    /// the installer set the lock's clock, so log records carry wall time (console <c>status</c> says <c>clock_set=true</c>).
    /// </summary>
    public const long ScenarioStartWallMs = 1767225600000L;

    /// <summary>
    /// Boots the MCU now as after a software reset (provisioning): <see cref="DeepSleepBootMs"/> under the boot load, then
    /// the firmware starts. Null when the power failed meanwhile (the main loop starts the firmware when it returns).
    /// </summary>
    private LockController? BootAfterReset(Action? beforeStart = null)
    {
        _sleptFirmware = _firmware;
        _firmware = null;
        BeginBoot(ResetCause.Software, 0, -1);
        RunUntilAbsolute(_bootDoneAbsMs);
        beforeStart?.Invoke();
        CheckPower();
        if (McuBooting && Plant.McuPowered) DeepSleepTransition();
        return _firmware;
    }

    private void Provision()
    {
        // The lock's life starts with the firmware running (the plant's constructor likewise takes the power-on delay as
        // elapsed): the factory's first start and the calibration run as they did before boot8. Every start after it boots.
        Boot(ResetCause.Software);
        var fw = _firmware!;
        foreach (string code in Options.UserCodes)
        {
            if (fw.Credentials.AddUser(code, out string err) < 0) throw new ArgumentException($"user code refused: {err}");
        }
        string? e = fw.Credentials.SetMaster(Options.MasterCode) ?? fw.Credentials.SetTechnician(Options.TechnicianCode);
        if (e != null) throw new ArgumentException($"master or technician code refused: {e}");
        fw.SaveCodes();
        if (Options.AdcTrimmed) TrimAdc(fw);
        if (Options.ChemistryConfigured) fw.Settings.BatteryChemistry = ToFirmware(Options.Hardware.Chemistry);
        fw.SaveSettings();
        // What the installer's `set battery_chemistry` does: the pack fitted is read as that chemistry from now on.
        if (Options.ChemistryConfigured) fw.DeclareBatteryChemistry(_absMs);
        // A strike out of line (hardware strike_offset_mm) is a door that has dropped since the lock was fitted: the lock
        // was calibrated (and, for start: locked, thrown) with the strike in line, then the strike moved. A bolt that
        // is out meets the strike face when it next retracts and extends (DoorAndStrike).
        if (Options.Hardware.StrikeOffsetMm != 0) Plant.SetInstalledStrikeOffset(0);
        if (Options.Calibrated)
        {
            fw.StartCalibration();
            RunUntilAbsolute(_absMs + 15000);
            if (!fw.Calibration.Valid) throw new InvalidOperationException("provisioning: calibration did not complete on this hardware");
        }
        if (Options.StartLocked) fw.RequestLock(OperationSource.Console);
        RunUntilAbsolute(_absMs + 3000);
        if (Options.Hardware.StrikeOffsetMm != 0) Plant.SetInstalledStrikeOffset(Options.Hardware.StrikeOffsetMm);
        if (Options.FrictionSinceFitting != 1.0) Plant.SetFittedFriction(Options.FrictionSinceFitting);
        // The scenario's conditions: the lock has soaked at its temperature and holds the pack it describes.
        Plant.SetTemperature(Options.Hardware.TemperatureC);
        Plant.SetBattery(Options.Hardware.Chemistry, Options.Hardware.StateOfCharge);
        // The installer reboots the lock; scenario time starts when the firmware does (after the boot, which loads the
        // scenario's pack), with a clean RAM state. Recording starts before the firmware does so what it reports while
        // starting (a low pack's battery_low, the first battery reading, the lock state) counts as raised at time 0.
        Plant.SetBridge(BridgeMode.Coast, 0);
        Plant.SetLed(LedColour.Off, 0);
        Plant.SetBuzzer(0, 0);
        BootAfterReset(() =>
        {
            _originMs = _absMs;
            _recording = true;
        })?.SetWallClock(ScenarioStartWallMs);
    }

    private static LockFirmware.Power.CellChemistry ToFirmware(Chemistry chemistry) => chemistry switch
    {
        Chemistry.Lithium => LockFirmware.Power.CellChemistry.Lithium,
        Chemistry.Nimh => LockFirmware.Power.CellChemistry.Nimh,
        _ => LockFirmware.Power.CellChemistry.Alkaline,
    };

    /// <summary>
    /// The factory's ADC trim: the test fixture averages conversions of the battery divider while a calibrated meter
    /// reads the pack (at rest, fresh cells, room temperature), and stores meter / reading as the unit's
    /// <c>adc_gain</c> (what the technician's <c>set adc_gain</c> does). One point, near the top of the range: the
    /// reference error is a gain, the ADC's non-linearity (+-12 LSB) and noise stay.
    /// </summary>
    private void TrimAdc(LockController fw)
    {
        const int conversions = 256;
        long sum = 0;
        for (int i = 0; i < conversions; i++) sum += Plant.SampleBatteryCounts();
        double readMv = (double)sum / conversions * BoardConfig.AdcFullScaleMillivolts / BoardConfig.AdcMaxCounts * BoardConfig.BatteryDividerRatio;
        if (readMv <= 0) return;
        int gain = (int)Math.Round(AdcScale.NominalGainPermille * Plant.BatteryTerminalMillivolts / readMv);
        fw.Settings.AdcGainPermille = Math.Clamp(gain, 850, 1150);
    }

    /// <inheritdoc/>
    public void OnLockEvent(long timeMs, LockEventKind kind, int code, int detail)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try { Record(kind, code, detail); }
        finally { _observerBytes += GC.GetAllocatedBytesForCurrentThread() - before; }
    }

    private void Record(LockEventKind kind, int code, int detail)
    {
        if (!_recording) return;
        var ev = new SimEvent(NowMs, kind, code, detail);
        _events.Add(ev);
        if (kind == LockEventKind.Fault) _faultsSeen.Add((FaultCode)code);
        if (kind == LockEventKind.Alarm) _alarms.Add((AlarmCode)code);
        if (kind == LockEventKind.Operation)
        {
            if (code == (int)LockOperation.Lock) Locks++; else Unlocks++;
        }
        OnEvent?.Invoke(ev);
    }
}
