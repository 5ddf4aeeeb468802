namespace LockFirmware.Runtime
{
    /// <summary>Receives every state transition as it is recorded (tests, console <c>trace</c>, the simulator).</summary>
    public interface ITransitionListener
    {
        /// <summary>Machine <paramref name="machine"/> went from <paramref name="fromState"/> to <paramref name="toState"/> because of <paramref name="cause"/>.</summary>
        void OnTransition(long timeMs, int machine, int fromState, int toState, int cause);
    }
}
