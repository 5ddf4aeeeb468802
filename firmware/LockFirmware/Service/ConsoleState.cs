namespace LockFirmware.Service
{
    /// <summary>States of the technician <see cref="ConsoleSession"/>.</summary>
    public enum ConsoleState
    {
        /// <summary>Not logged in: only help, status, diag, codes, version and login.</summary>
        Guest = 0,
        /// <summary>Technician logged in: every command.</summary>
        Technician = 1,
        /// <summary>Technician ran <c>selftest</c>; input waits until the test finishes and its result is printed.</summary>
        AwaitingSelftest = 2,
    }
}
