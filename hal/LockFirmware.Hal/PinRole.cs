namespace LockFirmware.Hal
{
    /// <summary>What a GPIO does on the board; the pin-rule test checks each role against the ESP32's limits.</summary>
    public enum PinRole
    {
        /// <summary>Analog input to the ADC (must be on ADC1: ADC2 is unusable while Wi-Fi runs).</summary>
        Analog = 0,
        /// <summary>Digital input that must also wake the MCU from sleep (must be an RTC GPIO).</summary>
        WakeInput = 1,
        /// <summary>Output that must stay low through boot (bridge inputs, LED): never a strapping or flash pin.</summary>
        BootLowOutput = 2,
        /// <summary>Ordinary output (keypad row, buzzer).</summary>
        Output = 3,
        /// <summary>Console UART transmit (COM2).</summary>
        UartTx = 4,
        /// <summary>Console UART receive (COM2).</summary>
        UartRx = 5,
    }
}
