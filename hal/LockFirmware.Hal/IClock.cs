namespace LockFirmware.Hal
{
    /// <summary>
    /// Monotonic millisecond clock. Starts at 0 at power-on and never goes backwards, also across deep sleep
    /// (the ESP32's RTC timer keeps counting while the CPU is off); it is not wall-clock time (that is kept by the
    /// firmware and can be lost).
    /// </summary>
    public interface IClock
    {
        /// <summary>Milliseconds since power-on.</summary>
        long NowMs { get; }
    }
}
