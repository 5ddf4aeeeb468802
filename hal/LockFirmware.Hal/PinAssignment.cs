namespace LockFirmware.Hal
{
    /// <summary>One row of a board's pin table.</summary>
    public sealed class PinAssignment
    {
        /// <summary>Creates a row.</summary>
        public PinAssignment(string signal, int gpio, PinRole role)
        {
            Signal = signal;
            Gpio = gpio;
            Role = role;
        }

        /// <summary>Signal name on the schematic, e.g. <c>motor_in1</c>.</summary>
        public string Signal { get; private set; }

        /// <summary>ESP32 GPIO number.</summary>
        public int Gpio { get; private set; }

        /// <summary>What the pin does.</summary>
        public PinRole Role { get; private set; }
    }
}
