using System;
using System.IO;
using nanoFramework.Hardware.Esp32;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Monotonic millisecond clock: <c>Environment.TickCount64</c> (milliseconds since this start, from the system timer,
    /// unaffected by setting the wall clock) plus a base that carries the count across deep sleep. Deep sleep restarts
    /// the CPU and the tick count; the RTC timer keeps counting, and ESP-IDF keeps the system time
    /// (<c>DateTime.UtcNow</c>) from it through deep sleep (ESP-IDF "System Time": the RTC timer keeps time in every
    /// sleep mode). Before deep sleep <see cref="Esp32PowerControl"/> stores the monotonic time and the system time;
    /// after the wake the base is the stored time plus the system time that passed. To be verified on the device:
    /// nanoFramework builds whose <c>DateTime.UtcNow</c> does not survive deep sleep would read the sleep as 0 ms
    /// (timers then run late by the sleep, never early). A software reboot (console <c>reboot</c>) is carried the same way:
    /// the RTC timer and the system time survive every reset but a power-on, so <see cref="Esp32PowerControl.Reboot"/>
    /// stores the same state and the start after it (its reboot marker present) restores the base.
    /// </summary>
    public sealed class Esp32Clock : IClock
    {
        private readonly long _baseMs;

        /// <summary>
        /// Creates the clock; after a deep-sleep wake or a software reboot (<paramref name="rebootMarkerPath"/> present,
        /// read before <see cref="Esp32PowerControl"/> consumes it) reads the stored base from <paramref name="sleepStatePath"/>.
        /// </summary>
        public Esp32Clock(string sleepStatePath, string rebootMarkerPath)
        {
            _baseMs = 0;
            if (Sleep.GetWakeupCause() == Sleep.WakeupCause.Undefined && !RebootMarked(rebootMarkerPath)) return;
            try
            {
                if (!File.Exists(sleepStatePath)) return;
                byte[] b = new byte[16];
                using (FileStream f = new FileStream(sleepStatePath, FileMode.Open, FileAccess.Read))
                {
                    if (f.Read(b, 0, 16) != 16) return;
                }
                long storedMs = ReadInt64(b, 0);
                long storedTicks = ReadInt64(b, 8);
                long sleptMs = (DateTime.UtcNow.Ticks - storedTicks) / TimeSpan.TicksPerMillisecond;
                if (sleptMs < 0) sleptMs = 0;
                _baseMs = storedMs + sleptMs - Environment.TickCount64;
                if (_baseMs < 0) _baseMs = 0;
            }
            catch (Exception)
            {
                // Unreadable: the clock restarts at 0; the firmware's stored deadlines then fall due late, not early.
            }
        }

        /// <inheritdoc/>
        public long NowMs
        {
            get { return _baseMs + Environment.TickCount64; }
        }

        private static bool RebootMarked(string rebootMarkerPath)
        {
            try
            {
                return File.Exists(rebootMarkerPath);
            }
            catch (Exception)
            {
                return false;
            }
        }

        /// <summary>Stores the monotonic time and the system time before deep sleep or a reboot (read back by the constructor).</summary>
        internal void SaveBeforeRestart(string sleepStatePath)
        {
            byte[] b = new byte[16];
            WriteInt64(b, 0, NowMs);
            WriteInt64(b, 8, DateTime.UtcNow.Ticks);
            using (FileStream f = new FileStream(sleepStatePath, FileMode.Create, FileAccess.Write))
            {
                f.Write(b, 0, 16);
            }
        }

        private static long ReadInt64(byte[] b, int at)
        {
            long v = 0;
            for (int i = 7; i >= 0; i--) v = (v << 8) | b[at + i];
            return v;
        }

        private static void WriteInt64(byte[] b, int at, long v)
        {
            for (int i = 0; i < 8; i++)
            {
                b[at + i] = (byte)(v & 0xFF);
                v >>= 8;
            }
        }
    }
}
