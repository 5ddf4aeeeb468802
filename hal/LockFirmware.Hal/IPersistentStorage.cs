namespace LockFirmware.Hal
{
    /// <summary>
    /// Persistent storage as a fixed set of numbered slots, each up to <see cref="SlotBytes"/> bytes
    /// (one LittleFS file per slot on the ESP32, drive I:).
    /// <para>
    /// Power-cut contract: a <see cref="Write"/> that returns has made the slot durable. A power cut
    /// during <see cref="Write"/> may leave <em>that slot</em> with any mix of old and new bytes, or
    /// shorter than written; every other slot is untouched. Nothing here detects the tear: the firmware
    /// keeps each record in two slots with sequence numbers and checksums and writes them alternately.
    /// </para>
    /// </summary>
    public interface IPersistentStorage
    {
        /// <summary>Number of slots.</summary>
        int SlotCount { get; }

        /// <summary>Largest record one slot holds, in bytes.</summary>
        int SlotBytes { get; }

        /// <summary>
        /// Reads slot <paramref name="slot"/> into <paramref name="buffer"/>; returns the number of bytes
        /// read (0 for a slot never written). Returns -1 on an I/O error.
        /// </summary>
        int Read(int slot, byte[] buffer);

        /// <summary>
        /// Replaces the content of slot <paramref name="slot"/> with the first <paramref name="length"/>
        /// bytes of <paramref name="data"/>. Returns false on an I/O error.
        /// </summary>
        bool Write(int slot, byte[] data, int length);
    }
}
