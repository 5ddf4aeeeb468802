namespace LockFirmware.Actuation
{
    /// <summary>Told when the bolt drive finishes a stroke (successfully or not).</summary>
    public interface IStrokeListener
    {
        /// <summary>The stroke in <paramref name="record"/> has ended; the record is reused by the next stroke.</summary>
        void OnStrokeFinished(long nowMs, StrokeRecord record);
    }
}
