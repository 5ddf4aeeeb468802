namespace LockFirmware.Access
{
    /// <summary>Matter LockOperationType values used in operation events.</summary>
    public enum LockOperation
    {
        /// <summary>Bolt extended.</summary>
        Lock = 0,
        /// <summary>Bolt retracted.</summary>
        Unlock = 1,
    }
}
