namespace LockFirmware.Actuation
{
    /// <summary>What a completed stroke says about the actuator's health.</summary>
    public enum StrokeAssessment
    {
        /// <summary>Within the learned baseline.</summary>
        Normal = 0,
        /// <summary>Current (or time with raised current) above the baseline: friction rising.</summary>
        Stiff = 1,
        /// <summary>Slower than the baseline at normal current, battery not to blame: the motor is tired.</summary>
        Weak = 2,
        /// <summary>Slower than the baseline, explained by a low battery voltage: not the actuator's fault.</summary>
        SlowFromBattery = 3,
        /// <summary>No baseline yet (uncalibrated).</summary>
        Unknown = 4,
    }
}
