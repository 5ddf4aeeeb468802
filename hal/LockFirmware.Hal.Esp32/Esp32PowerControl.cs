using System;
using System.IO;
using System.Threading;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Runtime.Native;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Waits between polls, wakes on input interrupts, reboots and reports the reset cause.
    /// <para>
    /// Sleeping is an <see cref="AutoResetEvent"/> wait with a timeout: the interpreter thread blocks and every GPIO or
    /// serial callback sets the event. ESP32 light sleep is a later optimisation, not done here because nanoFramework
    /// (nanoFramework.Hardware.Esp32 1.6.x) offers light-sleep wake only on ext0/ext1 levels (one pin at a level, or
    /// any-high/all-low over a set) plus timer and UART edges, with no per-GPIO "any change" wake: the door and limit
    /// switches need both edges. LEDC PWM and the UART clock also stop in light sleep on the default clock sources.
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
        private readonly string _rebootMarkerPath;
        private readonly ResetCause _resetCause;
        private IInputChangeSink _sink;

        /// <summary>Creates the power control; reads and clears the reboot marker at <paramref name="rebootMarkerPath"/>.</summary>
        public Esp32PowerControl(IClock clock, string rebootMarkerPath)
        {
            _clock = clock;
            _rebootMarkerPath = rebootMarkerPath;
            _resetCause = ReadResetCause(rebootMarkerPath);
        }

        /// <inheritdoc/>
        public ResetCause ResetCause
        {
            get { return _resetCause; }
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
        public void Reboot()
        {
            try
            {
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
