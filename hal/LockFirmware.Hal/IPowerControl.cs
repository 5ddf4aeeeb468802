namespace LockFirmware.Hal
{
    /// <summary>MCU power states, wake sources and reset.</summary>
    public interface IPowerControl
    {
        /// <summary>Why the MCU last started.</summary>
        ResetCause ResetCause { get; }

        /// <summary>
        /// Registers the sink that input interrupts (keypad, door, limit switches, serial) are delivered to.
        /// </summary>
        void AttachInputSink(IInputChangeSink sink);

        /// <summary>
        /// Lets the MCU sleep until <paramref name="deadlineMs"/> on the monotonic clock or an input interrupt,
        /// whichever comes first. Returns at once when an interrupt is already pending.
        /// </summary>
        void SleepUntil(long deadlineMs);

        /// <summary>Restarts the MCU (does not return on the device).</summary>
        void Reboot();
    }
}
