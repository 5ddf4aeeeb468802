namespace LockFirmware.Hal
{
    /// <summary>Inputs that can interrupt the firmware (and wake it from sleep).</summary>
    public enum InputLine
    {
        /// <summary>A keypad column changed while every row was driven.</summary>
        Keypad = 0,
        /// <summary>The door reed switch changed.</summary>
        Door = 1,
        /// <summary>The bolt-extended limit switch changed.</summary>
        LimitExtended = 2,
        /// <summary>The bolt-retracted limit switch changed.</summary>
        LimitRetracted = 3,
        /// <summary>A byte arrived on the console serial link.</summary>
        Serial = 4,
    }
}
