namespace LockFirmware.Hal
{
    /// <summary>
    /// The H-bridge that drives the bolt motor (DRV8833-style two-input bridge).
    /// </summary>
    public interface IMotorDriver
    {
        /// <summary>
        /// Sets the bridge. <paramref name="dutyPermille"/> (0..1000) applies to
        /// <see cref="BridgeMode.Forward"/> and <see cref="BridgeMode.Reverse"/> only;
        /// brake and coast ignore it. Values outside 0..1000 are clamped by the implementation.
        /// </summary>
        void SetBridge(BridgeMode mode, int dutyPermille);
    }
}
