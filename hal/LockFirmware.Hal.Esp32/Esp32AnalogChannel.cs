using System.Device.Adc;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// One ADC1 channel. nanoFramework's ESP32 driver fixes ADC1 channel n to its GPIO (0..7 = GPIO 36, 37, 38, 39, 32,
    /// 33, 34, 35), 12 bits, 11 dB attenuation, so no pin function needs to be set; raw counts are returned unchanged.
    /// nanoFramework's native side is <c>adc1_get_raw</c> without <c>esp_adc_cal</c> (nf-interpreter,
    /// sys_dev_adc_native_System_Device_Adc_AdcChannel.cpp): neither the eFuse Vref nor the two-point values are applied,
    /// so the chip's 1000-1200 mV reference error (+-9 %) stays in the counts and the firmware's <c>AdcScale</c> applies
    /// the per-unit <c>adc_gain</c> trimmed at the factory (docs/power.md, "ADC trim").
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
