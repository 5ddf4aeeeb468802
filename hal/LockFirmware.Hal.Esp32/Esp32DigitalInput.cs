using System.Device.Gpio;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>A switch input (limit switch or door reed) whose every edge is reported to the power control as an input interrupt.</summary>
    public sealed class Esp32DigitalInput : IDigitalInput
    {
        private readonly GpioPin _pin;
        private readonly InputLine _line;
        private readonly Esp32PowerControl _power;

        internal Esp32DigitalInput(GpioController gpio, int pinNumber, PinMode mode, InputLine line, Esp32PowerControl power)
        {
            _line = line;
            _power = power;
            _pin = gpio.OpenPin(pinNumber, mode);
            _pin.ValueChanged += OnValueChanged;
        }

        /// <inheritdoc/>
        public bool ReadHigh()
        {
            return _pin.Read() == PinValue.High;
        }

        // Runs on nanoFramework's GPIO event thread: only signal, the firmware reads and debounces in its own loop.
        private void OnValueChanged(object sender, PinValueChangedEventArgs e)
        {
            _power.Signal(_line);
        }
    }
}
