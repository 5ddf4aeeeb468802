using System;
using System.Device.Pwm;
using nanoFramework.Hardware.Esp32;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// One LEDC PWM output with an integer permille duty. Wraps nanoFramework's <see cref="PwmChannel"/>, whose
    /// DutyCycle is a double: this is the only place the device layer touches double, at the library boundary.
    /// </summary>
    internal sealed class PwmOutput
    {
        private readonly PwmChannel _channel;
        private int _dutyPermille;
        private int _frequencyHz;

        /// <summary>
        /// Maps <paramref name="gpio"/> to <paramref name="function"/> (PWM1..PWM16) and starts the channel at 0 % duty,
        /// which holds the pin low. nanoFramework's ESP32 driver puts PWM1/PWM2 on LEDC timer 0, PWM3/PWM4 on timer 1,
        /// and so on: two outputs that must share a frequency share a pair, one that changes frequency gets its own.
        /// </summary>
        public PwmOutput(int gpio, DeviceFunction function, int frequencyHz)
        {
            Configuration.SetPinFunction(gpio, function);
            _channel = PwmChannel.CreateFromPin(gpio, frequencyHz, 0f);
            if (_channel == null)
            {
                throw new InvalidOperationException("No PWM channel for GPIO" + gpio.ToString());
            }
            _frequencyHz = frequencyHz;
            _channel.Start();
        }

        /// <summary>Current duty in permille.</summary>
        public int DutyPermille
        {
            get { return _dutyPermille; }
        }

        /// <summary>Sets the duty, 0 (constant low) .. 1000 (constant high); values outside are clamped.</summary>
        public void SetDutyPermille(int permille)
        {
            if (permille < 0)
            {
                permille = 0;
            }
            else if (permille > 1000)
            {
                permille = 1000;
            }
            if (permille == _dutyPermille)
            {
                return;
            }

            _channel.DutyCycle = permille / 1000f;

            // The ESP32 native setter only stores a new duty, without applying it, while the stored duty is 0
            // (nf-interpreter sys_dev_pwm_native ... NativeSetActiveDutyCyclePercentage); Start() reconfigures the
            // LEDC channel with the stored duty, so it is needed when leaving 0 %.
            if (_dutyPermille == 0)
            {
                _channel.Start();
            }
            _dutyPermille = permille;
        }

        /// <summary>Changes the LEDC timer frequency (shared with the other output of the same PWM pair).</summary>
        public void SetFrequency(int frequencyHz)
        {
            if (frequencyHz > 0 && frequencyHz != _frequencyHz)
            {
                _channel.Frequency = frequencyHz;
                _frequencyHz = frequencyHz;
            }
        }
    }
}
