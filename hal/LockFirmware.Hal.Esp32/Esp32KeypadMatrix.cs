using System.Device.Gpio;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// 3x4 keypad: rows are outputs, columns inputs with pull-downs. A released row is switched to input (high
    /// impedance) rather than driven low, so two keys pressed in one column never short a high row to a low one.
    /// Column edges are reported as <see cref="InputLine.Keypad"/> interrupts.
    /// </summary>
    public sealed class Esp32KeypadMatrix : IKeypadMatrix
    {
        private readonly GpioPin[] _rows;
        private readonly GpioPin[] _columns;
        private readonly Esp32PowerControl _power;

        internal Esp32KeypadMatrix(GpioController gpio, int[] rowPins, int[] columnPins, Esp32PowerControl power)
        {
            _power = power;
            _rows = new GpioPin[rowPins.Length];
            for (int r = 0; r < rowPins.Length; r++)
            {
                _rows[r] = gpio.OpenPin(rowPins[r], PinMode.Input);
            }
            _columns = new GpioPin[columnPins.Length];
            for (int c = 0; c < columnPins.Length; c++)
            {
                _columns[c] = gpio.OpenPin(columnPins[c], PinMode.InputPullDown);
                _columns[c].ValueChanged += OnColumnChanged;
            }
        }

        /// <inheritdoc/>
        public void DriveRow(int row)
        {
            for (int r = 0; r < _rows.Length; r++)
            {
                if (r != row)
                {
                    _rows[r].SetPinMode(PinMode.Input);
                }
            }
            if (row >= 0 && row < _rows.Length)
            {
                _rows[row].SetPinMode(PinMode.Output);
                _rows[row].Write(PinValue.High);
            }
        }

        /// <inheritdoc/>
        public void DriveAllRows()
        {
            for (int r = 0; r < _rows.Length; r++)
            {
                _rows[r].SetPinMode(PinMode.Output);
                _rows[r].Write(PinValue.High);
            }
        }

        /// <inheritdoc/>
        public int ReadColumns()
        {
            int mask = 0;
            for (int c = 0; c < _columns.Length; c++)
            {
                if (_columns[c].Read() == PinValue.High)
                {
                    mask |= 1 << c;
                }
            }
            return mask;
        }

        private void OnColumnChanged(object sender, PinValueChangedEventArgs e)
        {
            _power.Signal(InputLine.Keypad);
        }
    }
}
