namespace LockFirmware.Diagnosis
{
    /// <summary>How much a fault matters; decides which fault the LED shows when several are active.</summary>
    public enum FaultSeverity
    {
        /// <summary>Worth knowing; the lock works normally.</summary>
        Notice = 0,
        /// <summary>The lock works, but something needs attention soon.</summary>
        Warning = 1,
        /// <summary>The lock cannot do its job (or only in a degraded way) until fixed.</summary>
        Critical = 2,
    }
}
