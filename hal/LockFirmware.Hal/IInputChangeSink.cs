namespace LockFirmware.Hal
{
    /// <summary>
    /// Receives input-change interrupts. Implemented by the firmware; called by the board from
    /// interrupt or callback context, so implementations only enqueue and return.
    /// </summary>
    public interface IInputChangeSink
    {
        /// <summary>An input changed level.</summary>
        void OnInputChanged(InputLine line);
    }
}
