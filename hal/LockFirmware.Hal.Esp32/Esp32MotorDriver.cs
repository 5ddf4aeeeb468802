namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// DRV8833 H-bridge, one half (AIN1/AIN2 -> AOUT1/AOUT2). From the H-bridge logic table of the TI DRV8833
    /// datasheet: IN1 PWM / IN2 low = forward with fast decay; IN1 low / IN2 PWM = reverse; both high = brake (slow
    /// decay, both low-side switches on); both low = coast (outputs high impedance).
    /// </summary>
    public sealed class Esp32MotorDriver : IMotorDriver
    {
        private readonly PwmOutput _in1;
        private readonly PwmOutput _in2;

        internal Esp32MotorDriver(PwmOutput in1, PwmOutput in2)
        {
            _in1 = in1;
            _in2 = in2;
        }

        /// <inheritdoc/>
        public void SetBridge(BridgeMode mode, int dutyPermille)
        {
            switch (mode)
            {
                case BridgeMode.Forward:
                    // Lower the inactive input first so the bridge never passes through "both high" by accident.
                    _in2.SetDutyPermille(0);
                    _in1.SetDutyPermille(dutyPermille);
                    break;
                case BridgeMode.Reverse:
                    _in1.SetDutyPermille(0);
                    _in2.SetDutyPermille(dutyPermille);
                    break;
                case BridgeMode.Brake:
                    _in1.SetDutyPermille(1000);
                    _in2.SetDutyPermille(1000);
                    break;
                default:
                    _in1.SetDutyPermille(0);
                    _in2.SetDutyPermille(0);
                    break;
            }
        }
    }
}
