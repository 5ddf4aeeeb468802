namespace LockFirmware.Hal
{
    /// <summary>MCU power states, wake sources and reset.</summary>
    public interface IPowerControl
    {
        /// <summary>Why the MCU last started.</summary>
        ResetCause ResetCause { get; }

        /// <summary>
        /// After a <see cref="ResetCause.DeepSleepWake"/>: the input lines that ended the deep sleep (bit
        /// <c>1 &lt;&lt; (int)InputLine</c>); 0 when the timer did, or after any other start.
        /// </summary>
        int WakeLineMask { get; }

        /// <summary>
        /// Registers the sink that input interrupts (keypad, door, limit switches, serial) are delivered to.
        /// </summary>
        void AttachInputSink(IInputChangeSink sink);

        /// <summary>
        /// Lets the MCU sleep until <paramref name="deadlineMs"/> on the monotonic clock or an input interrupt,
        /// whichever comes first. Returns at once when an interrupt is already pending. RAM is kept (light sleep
        /// or an idle wait).
        /// </summary>
        void SleepUntil(long deadlineMs);

        /// <summary>
        /// Deep sleep: the CPU and RAM are powered down until <paramref name="deadlineMs"/> on the monotonic clock,
        /// a key press, or a level change on one of the lines in <paramref name="wakeLineMask"/> (bit
        /// <c>1 &lt;&lt; (int)InputLine</c>; the keypad bit wakes on any key). Does not return on the device: the MCU
        /// restarts with <see cref="ResetCause.DeepSleepWake"/>, and <see cref="IClock.NowMs"/> carries on from where
        /// it was (the RTC keeps counting in deep sleep). Everything the firmware needs afterwards must be in storage
        /// before this call. A line that is already at its wake level must not be in the mask.
        /// </summary>
        void DeepSleepUntil(long deadlineMs, int wakeLineMask);

        /// <summary>Restarts the MCU (does not return on the device).</summary>
        void Reboot();
    }
}
