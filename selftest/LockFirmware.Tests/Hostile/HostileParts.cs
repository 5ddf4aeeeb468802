using LockFirmware.Hal;

namespace LockFirmware.Tests.Hostile;

/// <summary>How a scripted ADC channel answers while a segment lasts.</summary>
public enum AnalogMode
{
    /// <summary>What the little plant (<see cref="HostileRig"/>) says, with +-2 counts of noise: a sane channel.</summary>
    Plant,
    /// <summary>Stuck at <see cref="AnalogScript.A"/> (0 and 4095 are the rails).</summary>
    Constant,
    /// <summary><see cref="AnalogScript.A"/> +- <see cref="AnalogScript.B"/>, a fresh draw every conversion.</summary>
    Noise,
    /// <summary>Jumps between <see cref="AnalogScript.A"/> and <see cref="AnalogScript.B"/> every <see cref="AnalogScript.PeriodMs"/>.</summary>
    Jump,
    /// <summary>Anywhere in 0..4095, a fresh draw every conversion.</summary>
    Garbage,
}

/// <summary>One ADC channel's behaviour in a segment.</summary>
public sealed record AnalogScript(AnalogMode Mode, int A, int B, int PeriodMs)
{
    public static readonly AnalogScript Sane = new(AnalogMode.Plant, 0, 0, 1);
    public override string ToString() => Mode switch
    {
        AnalogMode.Plant => "plant",
        AnalogMode.Constant => $"stuck {A}",
        AnalogMode.Noise => $"{A}+-{B}",
        AnalogMode.Jump => $"jump {A}/{B} every {PeriodMs} ms",
        _ => "garbage",
    };
}

/// <summary>How a scripted digital input (limit switch, door reed) behaves in a segment.</summary>
public enum DigitalMode
{
    /// <summary>What the little plant says (limit switches from the bolt position; the door reed closed).</summary>
    Plant,
    /// <summary>Held at <see cref="DigitalScript.High"/>.</summary>
    Constant,
    /// <summary>Toggles every <see cref="DigitalScript.PeriodMs"/> (contact bounce, a loose wire).</summary>
    Flicker,
    /// <summary>A random level every <see cref="DigitalScript.PeriodMs"/>.</summary>
    Random,
}

/// <summary>One digital input's behaviour in a segment (pin level: limit switches and the reed read low when closed).</summary>
public sealed record DigitalScript(DigitalMode Mode, bool High, int PeriodMs)
{
    public static readonly DigitalScript Sane = new(DigitalMode.Plant, false, 1);
    public override string ToString() => Mode switch
    {
        DigitalMode.Plant => "plant",
        DigitalMode.Constant => High ? "high" : "low",
        DigitalMode.Flicker => $"flicker {PeriodMs} ms from {(High ? "high" : "low")}",
        _ => $"random every {PeriodMs} ms",
    };
}

/// <summary>The keypad in a segment.</summary>
public enum KeypadMode
{
    /// <summary>Nobody touches it.</summary>
    None,
    /// <summary>Random keys (or none), a new choice every <see cref="KeypadScript.PeriodMs"/>; several at once too.</summary>
    RandomKeys,
    /// <summary>Column bits that follow no row at all (a shorted column, interference): <see cref="KeypadScript.Mask"/> every other period.</summary>
    Garbage,
    /// <summary>A given code typed at human speed (<see cref="KeypadScript.Keys"/>).</summary>
    Typed,
}

/// <summary>The keypad's behaviour in a segment.</summary>
public sealed record KeypadScript(KeypadMode Mode, int PeriodMs, int Mask, string Keys)
{
    public static readonly KeypadScript Idle = new(KeypadMode.None, 1, 0, "");
    public override string ToString() => Mode switch
    {
        KeypadMode.None => "none",
        KeypadMode.RandomKeys => $"random keys every {PeriodMs} ms",
        KeypadMode.Garbage => $"garbage columns {Mask} every {PeriodMs} ms",
        _ => $"typed \"{Keys}\" at {PeriodMs} ms a key",
    };
}

/// <summary>What is asked of the lock at a segment's start.</summary>
public enum HostileAction { None, Lock, Unlock, Calibrate, SelfTest, PowerOn, BrownOut }

/// <summary>A stretch of time with one behaviour per input.</summary>
public sealed record Segment(int DurationMs, HostileAction Action, AnalogScript Battery, AnalogScript Current,
    DigitalScript Extended, DigitalScript Retracted, DigitalScript Door, KeypadScript Keypad)
{
    /// <summary>Every input sane, nothing asked.</summary>
    public static Segment Sane(int durationMs, HostileAction action = HostileAction.None) =>
        new(durationMs, action, AnalogScript.Sane, AnalogScript.Sane, DigitalScript.Sane, DigitalScript.Sane, DigitalScript.Sane, KeypadScript.Idle);

    public override string ToString() =>
        $"{DurationMs} ms {Action}: battery {Battery}, current {Current}, extended {Extended}, retracted {Retracted}, door {Door}, keypad {Keypad}";
}

/// <summary>An ADC channel the rig answers for.</summary>
public sealed class RigAnalog(Func<int> read) : IAnalogChannel
{
    public long Conversions { get; private set; }
    public int ReadCounts()
    {
        Conversions++;
        return read();
    }
}

/// <summary>A digital input the rig answers for.</summary>
public sealed class RigInput(Func<bool> read) : IDigitalInput
{
    public bool ReadHigh() => read();
}

/// <summary>The monotonic clock: the rig's virtual time since the last power-on.</summary>
public sealed class RigClock(Func<long> now) : IClock
{
    public long NowMs => now();
}

/// <summary>
/// The H-bridge, recording how long it stays energised (forward or reverse at a duty above 0) without a break: the
/// longest such stretch, and every stretch over the bound the test gives it.
/// </summary>
public sealed class RigMotor(Func<long> absNow) : IMotorDriver
{
    public BridgeMode Mode { get; private set; } = BridgeMode.Coast;
    public int DutyPermille { get; private set; }
    public bool Energised => (Mode == BridgeMode.Forward || Mode == BridgeMode.Reverse) && DutyPermille > 0;
    /// <summary>Absolute virtual time the current energised stretch began (meaningful while <see cref="Energised"/>).</summary>
    public long EnergisedSinceMs { get; private set; }
    /// <summary>Longest energised stretch finished so far, ms.</summary>
    public long LongestMs { get; private set; }
    public long Commands { get; private set; }
    /// <summary>The last bridge commands (time, mode, duty), for failure messages.</summary>
    public Queue<(long T, BridgeMode Mode, int Duty)> Recent { get; } = new();

    public void SetBridge(BridgeMode mode, int dutyPermille)
    {
        Commands++;
        if (mode != Mode || Recent.Count == 0 || (mode is BridgeMode.Forward or BridgeMode.Reverse) != (Mode is BridgeMode.Forward or BridgeMode.Reverse))
        {
            Recent.Enqueue((absNow(), mode, dutyPermille));
            if (Recent.Count > 12) Recent.Dequeue();
        }
        bool was = Energised;
        Mode = mode;
        DutyPermille = Math.Clamp(dutyPermille, 0, 1000);
        if (was && !Energised) LongestMs = Math.Max(LongestMs, absNow() - EnergisedSinceMs);
        if (!was && Energised) EnergisedSinceMs = absNow();
    }

    /// <summary>Forgets the longest stretch so far (a test measures one phase).</summary>
    public void ResetLongest() => LongestMs = 0;

    /// <summary>The energised stretch running now, ms (0 when off).</summary>
    public long RunningMs => Energised ? absNow() - EnergisedSinceMs : 0;

    /// <summary>The MCU lost its RAM (power, deep sleep): the bridge inputs fall low and it coasts.</summary>
    public void ForceCoast() => SetBridge(BridgeMode.Coast, 0);
}

/// <summary>The keypad matrix: pressed keys connect their row to their column; garbage bits ignore the rows.</summary>
public sealed class RigKeypad : IKeypadMatrix
{
    public int DrivenRows { get; private set; }
    /// <summary>Bit per key (index in <see cref="BoardConfig.KeypadKeys"/>).</summary>
    public int PressedKeys { get; set; }
    /// <summary>Column bits that read high whatever the rows do.</summary>
    public int GarbageColumns { get; set; }

    public void DriveRow(int row) => DrivenRows = row < 0 || row >= BoardConfig.KeypadRows ? 0 : 1 << row;
    public void DriveAllRows() => DrivenRows = (1 << BoardConfig.KeypadRows) - 1;

    public int ReadColumns()
    {
        int columns = GarbageColumns;
        for (int k = 0; k < BoardConfig.KeypadKeys.Length; k++)
        {
            if ((PressedKeys & (1 << k)) == 0) continue;
            int row = k / BoardConfig.KeypadColumns, column = k % BoardConfig.KeypadColumns;
            if ((DrivenRows & (1 << row)) != 0) columns |= 1 << column;
        }
        return columns;
    }

    public bool IdleRows => DrivenRows == (1 << BoardConfig.KeypadRows) - 1;
}

/// <summary>Power control: records deep sleep and reboot requests (the rig acts on them).</summary>
public sealed class RigPower(ResetCause cause, int wakeLineMask) : IPowerControl
{
    public IInputChangeSink? Sink { get; private set; }
    public bool DeepSleepRequested { get; private set; }
    public int DeepSleepWakeMask { get; private set; }
    public long DeepSleepDeadlineMs { get; private set; }
    public bool RebootRequested { get; private set; }
    public ResetCause ResetCause => cause;
    public int WakeLineMask => wakeLineMask;
    public void AttachInputSink(IInputChangeSink sink) => Sink = sink;
    public void SleepUntil(long deadlineMs) { }
    public void DeepSleepUntil(long deadlineMs, int wakeLineMask)
    {
        DeepSleepRequested = true;
        DeepSleepDeadlineMs = deadlineMs;
        DeepSleepWakeMask = wakeLineMask;
    }
    public void Reboot() => RebootRequested = true;
}

/// <summary>LED, buzzer and console that nobody watches.</summary>
public sealed class RigQuiet : IStatusLed, IBuzzer, ISerialLink
{
    public void Set(LedColour colour, int brightnessPermille) { }
    public void Tone(int frequencyHz, int volumePermille) { }
    public int Read(byte[] buffer, int offset, int count) => 0;
    public void Write(byte[] buffer, int offset, int count) { }
}
