namespace LockFirmware.Runtime
{
    /// <summary>The state machines that report to the <see cref="TransitionTrace"/>.</summary>
    public enum TraceMachine
    {
        /// <summary>The lock (<see cref="LockFirmware.Access.LockMachineState"/>), in LockController.</summary>
        Lock = 0,
        /// <summary>The bolt drive (<see cref="LockFirmware.Actuation.DriveState"/>), in BoltDrive.</summary>
        BoltDrive = 1,
        /// <summary>The diagnosis engine (active fault set), in DiagnosisEngine.</summary>
        Diagnosis = 2,
        /// <summary>Code entry on the keypad (<see cref="LockFirmware.Access.EntryState"/>), in CodeEntry.</summary>
        CodeEntry = 3,
        /// <summary>The technician console session, in ConsoleSession.</summary>
        Console = 4,
    }
}
