using System.Device.Adc;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// One ADC1 channel. nanoFramework's ESP32 driver fixes ADC1 channel n to its GPIO (0..7 = GPIO 36, 37, 38, 39, 32,
    /// 33, 34, 35), 12 bits, 11 dB attenuation, so no pin function needs to be set; raw counts are returned unchanged.
    /// </summary>
    public sealed class Esp32AnalogChannel : IAnalogChannel
    {
        private readonly AdcChannel _channel;

        internal Esp32AnalogChannel(AdcController controller, int channel)
        {
            _channel = controller.OpenChannel(channel);
        }

        /// <inheritdoc/>
        public int ReadCounts()
        {
            return _channel.ReadValue();
        }
    }
}
