namespace LockFirmware.Diagnosis
{
    /// <summary>States of the <see cref="SelfTest"/> machine.</summary>
    public enum SelfTestState
    {
        /// <summary>No test running (the last result is kept).</summary>
        Idle = 0,
        /// <summary>Static checks done; waiting for the motor to be idle before the H-bridge pulse.</summary>
        WaitingForBridge = 1,
        /// <summary>The short H-bridge pulse is on; the current is read when it ends.</summary>
        Pulsing = 2,
    }
}
