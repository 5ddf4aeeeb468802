using System.Device.Adc;
using System.Device.Gpio;
using nanoFramework.Hardware.Esp32;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>Builds the reference board's <see cref="Board"/> from <see cref="BoardConfig"/> with nanoFramework's ESP32 drivers.</summary>
    public static class Esp32Board
    {
        /// <summary>Internal flash drive (esp_littlefs on the "config" partition).</summary>
        public const string StorageDrive = "I:\\";

        /// <summary>LED PWM frequency: 1 kHz is far above visible flicker and gives the LEDC timer full duty resolution.</summary>
        public const int LedPwmHz = 1000;

        /// <summary>Creates every driver and returns the board. Call once at start-up.</summary>
        public static Board Create()
        {
            var gpio = new GpioController();
            var adc = new AdcController();
            var clock = new Esp32Clock(StorageDrive + "sleep.clk", StorageDrive + "reboot.flag");
            var power = new Esp32PowerControl(clock, StorageDrive + "reboot.flag", StorageDrive + "sleep.clk");

            // PWM pairs share an LEDC timer: motor inputs on PWM1/PWM2 (20 kHz), LED dies on PWM3/PWM4 (1 kHz),
            // the buzzer alone on PWM5 because its frequency follows the tone.
            var motorIn1 = new PwmOutput(BoardConfig.MotorIn1Gpio, DeviceFunction.PWM1, BoardConfig.MotorPwmHz);
            var motorIn2 = new PwmOutput(BoardConfig.MotorIn2Gpio, DeviceFunction.PWM2, BoardConfig.MotorPwmHz);
            var ledRed = new PwmOutput(BoardConfig.LedRedGpio, DeviceFunction.PWM3, LedPwmHz);
            var ledGreen = new PwmOutput(BoardConfig.LedGreenGpio, DeviceFunction.PWM4, LedPwmHz);
            var buzzer = new PwmOutput(BoardConfig.BuzzerGpio, DeviceFunction.PWM5, BoardConfig.BuzzerHz);

            var board = new Board();
            board.Motor = new Esp32MotorDriver(motorIn1, motorIn2);
            board.MotorCurrent = new Esp32AnalogChannel(adc, BoardConfig.MotorCurrentAdcChannel);
            board.Battery = new Esp32AnalogChannel(adc, BoardConfig.BatteryAdcChannel);
            // External 1 M pull-ups on the limit switches and the door reed (BoardConfig): the internal ones would draw
            // tens of microamps through a closed switch all the time.
            board.LimitExtended = new Esp32DigitalInput(gpio, BoardConfig.LimitExtendedGpio, PinMode.Input, InputLine.LimitExtended, power);
            board.LimitRetracted = new Esp32DigitalInput(gpio, BoardConfig.LimitRetractedGpio, PinMode.Input, InputLine.LimitRetracted, power);
            board.Door = new Esp32DigitalInput(gpio, BoardConfig.DoorReedGpio, PinMode.Input, InputLine.Door, power);
            board.Keypad = new Esp32KeypadMatrix(gpio, BoardConfig.KeypadRowGpios, BoardConfig.KeypadColumnGpios, power);
            board.Led = new Esp32StatusLed(ledRed, ledGreen);
            board.Buzzer = new Esp32Buzzer(buzzer);
            board.Clock = clock;
            board.Storage = new Esp32PersistentStorage(StorageDrive, BoardConfig.StorageSlots, BoardConfig.StorageSlotBytes);
            board.Console = new Esp32SerialLink(BoardConfig.ConsolePort, BoardConfig.ConsoleBaud, BoardConfig.ConsoleTxGpio, BoardConfig.ConsoleRxGpio, power);
            board.Power = power;
            return board;
        }
    }
}
