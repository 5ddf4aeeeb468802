using System;
using System.IO;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Waits between polls, wakes on input interrupts, deep-sleeps, reboots and reports the reset cause.
    /// <para>
    /// Short sleeps (<see cref="SleepUntil"/>) are an <see cref="AutoResetEvent"/> wait with a timeout: the interpreter
    /// thread blocks and every GPIO or serial callback sets the event (the ESP-IDF idle task lets the chip enter
    /// automatic light sleep when the firmware build enables it). Long idle stretches use <see cref="DeepSleepUntil"/>
    /// with nanoFramework.Hardware.Esp32's <c>Sleep</c> class: <c>EnableWakeupByTimer(TimeSpan)</c>,
    /// <c>EnableWakeupByMultiPins(WakeupGpioPin, WakeupMode.AnyHigh)</c> (ext1: any listed RTC GPIO high wakes the
    /// chip) and <c>StartDeepSleep()</c>, which never returns: the chip restarts and <c>GetWakeupCause()</c> reads
    /// Ext1 or Timer. ext1 offers only "any high" or "all low" over the whole set, so the board is wired for "any high":
    /// keypad rows have 100 k pull-ups (so with the row outputs off in deep sleep a pressed key lifts its column, which
    /// has a 1 M pull-down), and the door reed and limit switches close to ground against 1 M pull-ups, so the reed of
    /// a closed door and the closed limit switch read low and wake the chip when they open. A line that already reads
    /// high cannot be armed (the firmware leaves it out; it stays in light sleep while the door is open).
    /// </para>
    /// <para>
    /// Reset cause: nanoFramework exposes no esp_reset_reason(). A deep-sleep wake is read from
    /// <see cref="Sleep.GetWakeupCause"/>; a software reboot leaves a marker file that the next start consumes;
    /// anything else (power-on, brown-out, watchdog) is reported as <see cref="Hal.ResetCause.PowerOn"/>.
    /// </para>
    /// </summary>
    public sealed class Esp32PowerControl : IPowerControl
    {
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly IClock _clock;
        private readonly Esp32Clock _esp32Clock;
        private readonly string _rebootMarkerPath;
        private readonly string _sleepStatePath;
        private readonly ResetCause _resetCause;
        private readonly int _wakeLineMask;
        private IInputChangeSink _sink;

        /// <summary>
        /// Creates the power control; reads and clears the reboot marker at <paramref name="rebootMarkerPath"/>;
        /// <paramref name="sleepStatePath"/> is where the clock's base is kept across deep sleep.
        /// </summary>
        public Esp32PowerControl(Esp32Clock clock, string rebootMarkerPath, string sleepStatePath)
        {
            _clock = clock;
            _esp32Clock = clock;
            _rebootMarkerPath = rebootMarkerPath;
            _sleepStatePath = sleepStatePath;
            _resetCause = ReadResetCause(rebootMarkerPath);
            _wakeLineMask = _resetCause == ResetCause.DeepSleepWake ? ReadWakeLines() : 0;
        }

        /// <inheritdoc/>
        public ResetCause ResetCause
        {
            get { return _resetCause; }
        }

        /// <inheritdoc/>
        public int WakeLineMask
        {
            get { return _wakeLineMask; }
        }

        /// <inheritdoc/>
        public void AttachInputSink(IInputChangeSink sink)
        {
            _sink = sink;
        }

        /// <inheritdoc/>
        public void SleepUntil(long deadlineMs)
        {
            long waitMs = deadlineMs - _clock.NowMs;
            if (waitMs <= 0)
            {
                return;
            }
            if (waitMs > int.MaxValue)
            {
                waitMs = int.MaxValue;
            }
            // An interrupt that arrived since the last wait left the event set, so this returns at once.
            _wake.WaitOne((int)waitMs, false);
        }

        /// <inheritdoc/>
        public void DeepSleepUntil(long deadlineMs, int wakeLineMask)
        {
            long waitMs = deadlineMs - _clock.NowMs;
            if (waitMs <= 0) return;
            Sleep.WakeupGpioPin pins = Sleep.WakeupGpioPin.None;
            if ((wakeLineMask & (1 << (int)InputLine.Keypad)) != 0)
            {
                for (int i = 0; i < BoardConfig.KeypadColumnGpios.Length; i++) pins |= PinFlag(BoardConfig.KeypadColumnGpios[i]);
            }
            if ((wakeLineMask & (1 << (int)InputLine.Door)) != 0) pins |= PinFlag(BoardConfig.DoorReedGpio);
            if ((wakeLineMask & (1 << (int)InputLine.LimitExtended)) != 0) pins |= PinFlag(BoardConfig.LimitExtendedGpio);
            if ((wakeLineMask & (1 << (int)InputLine.LimitRetracted)) != 0) pins |= PinFlag(BoardConfig.LimitRetractedGpio);
            try
            {
                _esp32Clock.SaveBeforeRestart(_sleepStatePath);
            }
            catch (Exception)
            {
                // Without the clock base the next start counts from 0: deadlines fall due late, never early.
            }
            Sleep.EnableWakeupByTimer(new TimeSpan(waitMs * TimeSpan.TicksPerMillisecond));
            if (pins != Sleep.WakeupGpioPin.None) Sleep.EnableWakeupByMultiPins(pins, Sleep.WakeupMode.AnyHigh);
            Sleep.StartDeepSleep();
        }

        /// <inheritdoc/>
        public void Reboot()
        {
            try
            {
                // The RTC counts on through a software reset: the clock's base goes with it (Esp32Clock).
                _esp32Clock.SaveBeforeRestart(_sleepStatePath);
                using (FileStream marker = new FileStream(_rebootMarkerPath, FileMode.Create, FileAccess.Write))
                {
                    marker.WriteByte(1);
                }
            }
            catch (Exception)
            {
                // Without the marker the next start reports PowerOn; rebooting matters more.
            }
            Power.RebootDevice();
        }

        /// <summary>Called from GPIO and serial callbacks: passes the line to the firmware and ends a sleep.</summary>
        internal void Signal(InputLine line)
        {
            IInputChangeSink sink = _sink;
            if (sink != null)
            {
                sink.OnInputChanged(line);
            }
            _wake.Set();
        }

        private static Sleep.WakeupGpioPin PinFlag(int gpio)
        {
            // WakeupGpioPin's flag for GPIO n is bit n (RTC GPIOs only; BoardConfig puts every wake input on one).
            return (Sleep.WakeupGpioPin)((ulong)1 << gpio);
        }

        private static int ReadWakeLines()
        {
            if (Sleep.GetWakeupCause() != Sleep.WakeupCause.Ext1) return 0;
            ulong pins = (ulong)Sleep.GetWakeupGpioPin();
            int mask = 0;
            for (int i = 0; i < BoardConfig.KeypadColumnGpios.Length; i++)
            {
                if ((pins & ((ulong)1 << BoardConfig.KeypadColumnGpios[i])) != 0) mask |= 1 << (int)InputLine.Keypad;
            }
            if ((pins & ((ulong)1 << BoardConfig.DoorReedGpio)) != 0) mask |= 1 << (int)InputLine.Door;
            if ((pins & ((ulong)1 << BoardConfig.LimitExtendedGpio)) != 0) mask |= 1 << (int)InputLine.LimitExtended;
            if ((pins & ((ulong)1 << BoardConfig.LimitRetractedGpio)) != 0) mask |= 1 << (int)InputLine.LimitRetracted;
            return mask;
        }

        private static ResetCause ReadResetCause(string markerPath)
        {
            if (Sleep.GetWakeupCause() != Sleep.WakeupCause.Undefined)
            {
                return ResetCause.DeepSleepWake;
            }
            try
            {
                if (File.Exists(markerPath))
                {
                    File.Delete(markerPath);
                    return ResetCause.Software;
                }
            }
            catch (Exception)
            {
                // Unreadable storage: fall through; the firmware's storage self-test reports it.
            }
            return ResetCause.PowerOn;
        }
    }
}
