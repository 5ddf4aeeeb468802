namespace LockFirmware.Runtime
{
    /// <summary>Receives the firmware's observable events (see <see cref="LockEventKind"/> for the arguments).</summary>
    public interface ILockObserver
    {
        /// <summary>One event at monotonic time <paramref name="timeMs"/>.</summary>
        void OnLockEvent(long timeMs, LockEventKind kind, int code, int detail);
    }
}
