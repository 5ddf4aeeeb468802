using System.IO.Ports;
using nanoFramework.Hardware.Esp32;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// The technician console on COM2 (COM1, GPIO1/GPIO3, is nanoFramework's debug and deployment port). The ESP32 UART
    /// matrix lets COM2 use any pins, so they are mapped with <see cref="Configuration.SetPinFunction"/> before opening.
    /// Received bytes are reported as <see cref="InputLine.Serial"/> interrupts.
    /// </summary>
    public sealed class Esp32SerialLink : ISerialLink
    {
        private readonly SerialPort _port;
        private readonly Esp32PowerControl _power;

        internal Esp32SerialLink(string portName, int baud, int txGpio, int rxGpio, Esp32PowerControl power)
        {
            _power = power;
            Configuration.SetPinFunction(txGpio, DeviceFunction.COM2_TX);
            Configuration.SetPinFunction(rxGpio, DeviceFunction.COM2_RX);
            _port = new SerialPort(portName, baud, Parity.None, 8, StopBits.One);
            _port.ReadTimeout = 0;
            _port.WriteTimeout = 100;
            _port.Open();
            _port.DataReceived += OnDataReceived;
        }

        /// <inheritdoc/>
        public int Read(byte[] buffer, int offset, int count)
        {
            int available = _port.BytesToRead;
            if (available <= 0 || count <= 0)
            {
                return 0; // SerialPort.Read throws TimeoutException when nothing is buffered, so never call it then.
            }
            return _port.Read(buffer, offset, available < count ? available : count);
        }

        /// <inheritdoc/>
        public void Write(byte[] buffer, int offset, int count)
        {
            _port.Write(buffer, offset, count);
        }

        private void OnDataReceived(object sender, SerialDataReceivedEventArgs e)
        {
            _power.Signal(InputLine.Serial);
        }
    }
}
