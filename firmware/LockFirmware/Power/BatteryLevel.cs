namespace LockFirmware.Power
{
    /// <summary>Matter Power Source BatChargeLevel.</summary>
    public enum BatteryLevel
    {
        /// <summary>Enough charge.</summary>
        Ok = 0,
        /// <summary>Replace soon.</summary>
        Warning = 1,
        /// <summary>Replace now; only the reserve is left.</summary>
        Critical = 2,
    }
}
