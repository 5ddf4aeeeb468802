namespace LockFirmware.Hal
{
    /// <summary>Everything the firmware may touch, bundled; the firmware receives one in its constructor.</summary>
    public sealed class Board
    {
        /// <summary>The bolt motor's H-bridge.</summary>
        public IMotorDriver Motor;
        /// <summary>Motor current sense ADC channel.</summary>
        public IAnalogChannel MotorCurrent;
        /// <summary>Battery divider ADC channel.</summary>
        public IAnalogChannel Battery;
        /// <summary>Limit switch closed when the bolt is fully extended (locked).</summary>
        public IDigitalInput LimitExtended;
        /// <summary>Limit switch closed when the bolt is fully retracted (unlocked).</summary>
        public IDigitalInput LimitRetracted;
        /// <summary>Door reed switch.</summary>
        public IDigitalInput Door;
        /// <summary>3x4 keypad matrix.</summary>
        public IKeypadMatrix Keypad;
        /// <summary>Two-colour status LED.</summary>
        public IStatusLed Led;
        /// <summary>Piezo buzzer.</summary>
        public IBuzzer Buzzer;
        /// <summary>Monotonic millisecond clock.</summary>
        public IClock Clock;
        /// <summary>Persistent storage slots.</summary>
        public IPersistentStorage Storage;
        /// <summary>Technician console serial link.</summary>
        public ISerialLink Console;
        /// <summary>Sleep, wake sources and reset.</summary>
        public IPowerControl Power;
    }
}
