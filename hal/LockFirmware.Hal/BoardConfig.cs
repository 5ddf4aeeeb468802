namespace LockFirmware.Hal
{
    /// <summary>
    /// The reference board: ESP32-WROOM-32 DevKitC, DRV8833 H-bridge, INA181A2 current-sense amplifier,
    /// 4 x AA pack through a 2:1 divider, 3x4 membrane keypad, red/green LED, piezo buzzer.
    /// Pins follow the rules in the shared nanoFramework platform notes (checked by a host test):
    /// analog on ADC1 (GPIO 32-39), wake inputs on RTC GPIOs, console on COM2, no flash (6-11),
    /// strapping (0, 2, 5, 12, 15) or debug-UART (1, 3) pins for outputs, GPIO 34-39 as inputs only.
    /// </summary>
    public sealed class BoardConfig
    {
        /// <summary>H-bridge input 1 (PWM); low at boot keeps the bridge off.</summary>
        public const int MotorIn1Gpio = 25;
        /// <summary>H-bridge input 2 (PWM); low at boot keeps the bridge off.</summary>
        public const int MotorIn2Gpio = 26;
        /// <summary>Motor current sense, ADC1 channel 0.</summary>
        public const int MotorCurrentGpio = 36;
        /// <summary>nanoFramework AdcController channel for <see cref="MotorCurrentGpio"/>.</summary>
        public const int MotorCurrentAdcChannel = 0;
        /// <summary>Battery divider tap, ADC1 channel 3.</summary>
        public const int BatteryGpio = 39;
        /// <summary>nanoFramework AdcController channel for <see cref="BatteryGpio"/>.</summary>
        public const int BatteryAdcChannel = 3;
        /// <summary>Bolt-extended limit switch (input only pin, external 1 M pull-up with 1 nF, closes to ground: 3.3 uA while closed, and it can wake the MCU from deep sleep when it opens).</summary>
        public const int LimitExtendedGpio = 34;
        /// <summary>Bolt-retracted limit switch (input only pin, external 1 M pull-up with 1 nF, closes to ground: 3.3 uA while closed, and it can wake the MCU from deep sleep when it opens).</summary>
        public const int LimitRetractedGpio = 35;
        /// <summary>
        /// Door reed switch (closed when the door magnet is near, pulls to ground against an external 1 M pull-up: 3.3 uA
        /// while the door is closed, where the ESP32's internal ~45 k pull-up would draw 73 uA, more than the whole
        /// deep-sleeping chip). Opening the door lifts the pin, which wakes the MCU from deep sleep.
        /// </summary>
        public const int DoorReedGpio = 32;
        /// <summary>
        /// Keypad row outputs, rows 0..3 (keys 1-3, 4-6, 7-9, *0#), each with an external 100 k pull-up: in deep sleep
        /// the outputs are off and the pull-ups hold every row high, so any key lifts its column and wakes the MCU.
        /// </summary>
        public static readonly int[] KeypadRowGpios = new int[] { 18, 19, 21, 22 };
        /// <summary>Keypad column inputs with external 1 M pull-downs, columns 0..2; RTC GPIOs so a key wakes the MCU (ext1, any high).</summary>
        public static readonly int[] KeypadColumnGpios = new int[] { 27, 14, 13 };
        /// <summary>Red LED die (PWM).</summary>
        public const int LedRedGpio = 23;
        /// <summary>Green LED die (PWM).</summary>
        public const int LedGreenGpio = 4;
        /// <summary>Piezo buzzer (PWM).</summary>
        public const int BuzzerGpio = 33;
        /// <summary>Console COM2 transmit.</summary>
        public const int ConsoleTxGpio = 17;
        /// <summary>Console COM2 receive.</summary>
        public const int ConsoleRxGpio = 16;
        /// <summary>Console serial port name and speed (contracts: 115200 8N1).</summary>
        public const string ConsolePort = "COM2";
        /// <summary>Console baud rate.</summary>
        public const int ConsoleBaud = 115200;

        /// <summary>Keys of the 3x4 matrix, row-major.</summary>
        public const string KeypadKeys = "123456789*0#";
        /// <summary>Keypad rows.</summary>
        public const int KeypadRows = 4;
        /// <summary>Keypad columns.</summary>
        public const int KeypadColumns = 3;

        /// <summary>Highest ADC code: ESP32 ADC is 12 bits (AdcController.MaxValue = 4095).</summary>
        public const int AdcMaxCounts = 4095;
        /// <summary>
        /// Nominal input voltage at full scale with the fixed 11 dB attenuation: Vref 1100 mV x 3.55
        /// (ESP32 datasheet; Vref varies 1000-1200 mV from chip to chip, so firmware applies a stored
        /// per-unit gain learned at factory calibration).
        /// </summary>
        public const int AdcFullScaleMillivolts = 3900;
        /// <summary>
        /// Battery divider: 2 M over 1 M with 100 nF at the tap, so the tap sees a third of the pack (7.2 V -> 2.4 V, inside
        /// the 150-2450 mV useful ADC range) and the always-connected divider draws 2 uA (200 k / 100 k drew 20 uA, more
        /// than the deep-sleeping MCU). The capacitor feeds the ADC's sampling capacitor (a few pF: 0.1 mV droop per
        /// conversion); the ESP32's pin leakage (datasheet: 50 nA maximum) through the 667 k source reads at most ~0.1 V
        /// low at the pack, typically a few mV.
        /// </summary>
        public const int BatteryDividerRatio = 3;
        /// <summary>Current sense: 100 mOhm shunt x INA181A2 gain 50 = 5000 uV per mA.</summary>
        public const int CurrentSenseMicrovoltsPerMilliamp = 5000;
        /// <summary>INA181 REF pin bias, so zero current reads above the ESP32's 150 mV dead zone and a broken sense line reads as a fault.</summary>
        public const int CurrentSenseOffsetMillivolts = 200;
        /// <summary>Motor PWM frequency: 20 kHz, above hearing and inside the DRV8833's 250 kHz limit.</summary>
        public const int MotorPwmHz = 20000;
        /// <summary>Piezo resonant frequency (typical 12 mm piezo transducer, 2.7 kHz).</summary>
        public const int BuzzerHz = 2700;
        /// <summary>Nominal bolt throw in tenths of a millimetre (25 mm, a standard residential deadbolt; ANSI/BHMA A156.40).</summary>
        public const int BoltThrowTenthsMm = 250;

        /// <summary>
        /// Persistent storage slots: two per record (A/B, so a power cut mid-write leaves the other copy) for records
        /// 0-18 (docs/diagnosis.md: 0-7 fixed records, 8-15 the log ring, 16 the deep-sleep record, 17 the faults kept
        /// across a power loss, 18 the technician credential). 38 x 1 KB uses 38 KB of the ESP32's 256 KB "config"
        /// partition, which nanoFramework shares with its network and certificate configuration; LittleFS needs free
        /// blocks for copy-on-write and wear levelling. The simulator's storage has the same shape.
        /// </summary>
        public const int StorageSlots = 38;

        /// <summary>Largest record per storage slot, in bytes.</summary>
        public const int StorageSlotBytes = 1024;

        /// <summary>Every pin of the board with its role; the pin-rule test walks this table.</summary>
        public static PinAssignment[] Pins()
        {
            return new PinAssignment[]
            {
                new PinAssignment("motor_in1", MotorIn1Gpio, PinRole.BootLowOutput),
                new PinAssignment("motor_in2", MotorIn2Gpio, PinRole.BootLowOutput),
                new PinAssignment("motor_current", MotorCurrentGpio, PinRole.Analog),
                new PinAssignment("battery", BatteryGpio, PinRole.Analog),
                new PinAssignment("limit_extended", LimitExtendedGpio, PinRole.WakeInput),
                new PinAssignment("limit_retracted", LimitRetractedGpio, PinRole.WakeInput),
                new PinAssignment("door_reed", DoorReedGpio, PinRole.WakeInput),
                new PinAssignment("keypad_row0", KeypadRowGpios[0], PinRole.Output),
                new PinAssignment("keypad_row1", KeypadRowGpios[1], PinRole.Output),
                new PinAssignment("keypad_row2", KeypadRowGpios[2], PinRole.Output),
                new PinAssignment("keypad_row3", KeypadRowGpios[3], PinRole.Output),
                new PinAssignment("keypad_col0", KeypadColumnGpios[0], PinRole.WakeInput),
                new PinAssignment("keypad_col1", KeypadColumnGpios[1], PinRole.WakeInput),
                new PinAssignment("keypad_col2", KeypadColumnGpios[2], PinRole.WakeInput),
                new PinAssignment("led_red", LedRedGpio, PinRole.BootLowOutput),
                new PinAssignment("led_green", LedGreenGpio, PinRole.BootLowOutput),
                new PinAssignment("buzzer", BuzzerGpio, PinRole.BootLowOutput),
                new PinAssignment("console_tx", ConsoleTxGpio, PinRole.UartTx),
                new PinAssignment("console_rx", ConsoleRxGpio, PinRole.UartRx),
            };
        }
    }
}
