using System;

namespace LockFirmware.Hal.Esp32
{
    /// <summary>
    /// Monotonic millisecond clock from <c>Environment.TickCount64</c> (nanoFramework.Runtime.Native): milliseconds since
    /// the system started, from the system timer, unaffected by setting the wall clock.
    /// </summary>
    public sealed class Esp32Clock : IClock
    {
        /// <inheritdoc/>
        public long NowMs
        {
            get { return Environment.TickCount64; }
        }
    }
}
