namespace LockFirmware.Hal
{
    /// <summary>What the H-bridge does with the motor terminals.</summary>
    public enum BridgeMode
    {
        /// <summary>Both outputs off (high impedance): the motor freewheels.</summary>
        Coast = 0,
        /// <summary>Current flows to extend the bolt (lock).</summary>
        Forward = 1,
        /// <summary>Current flows to retract the bolt (unlock).</summary>
        Reverse = 2,
        /// <summary>Both low-side switches on: the motor terminals are shorted and it brakes dynamically.</summary>
        Brake = 3,
    }
}
