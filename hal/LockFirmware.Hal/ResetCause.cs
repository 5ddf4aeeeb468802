namespace LockFirmware.Hal
{
    /// <summary>Why the MCU last started.</summary>
    public enum ResetCause
    {
        /// <summary>Batteries inserted (cold start).</summary>
        PowerOn = 0,
        /// <summary>Supply sagged below the regulator's dropout and the brown-out detector fired.</summary>
        BrownOut = 1,
        /// <summary>Requested by firmware (console <c>reboot</c>, factory reset).</summary>
        Software = 2,
        /// <summary>Watchdog expired.</summary>
        Watchdog = 3,
        /// <summary>Woke from deep sleep.</summary>
        DeepSleepWake = 4,
    }
}
