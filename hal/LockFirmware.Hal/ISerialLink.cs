namespace LockFirmware.Hal
{
    /// <summary>The technician console's serial link (COM2, 115200 8N1 on the device).</summary>
    public interface ISerialLink
    {
        /// <summary>Copies up to <paramref name="count"/> received bytes into <paramref name="buffer"/> without blocking; returns how many.</summary>
        int Read(byte[] buffer, int offset, int count);

        /// <summary>Queues bytes for transmission without blocking for long.</summary>
        void Write(byte[] buffer, int offset, int count);
    }
}
