using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>
/// Flash slots that survive power cuts. Honours the <see cref="IPersistentStorage"/> power-cut contract and
/// can be told to tear the next write (keep only a prefix, or a mix of old and new bytes) to test it.
/// </summary>
public sealed class SimStorage : IPersistentStorage
{
    private readonly byte[][] _slots;
    private readonly int[] _lengths;

    /// <summary>Creates <paramref name="slotCount"/> empty slots of <paramref name="slotBytes"/> bytes (default: the reference board's, <see cref="BoardConfig"/>).</summary>
    public SimStorage(int slotCount = BoardConfig.StorageSlots, int slotBytes = BoardConfig.StorageSlotBytes)
    {
        _slots = new byte[slotCount][];
        _lengths = new int[slotCount];
        for (int i = 0; i < slotCount; i++) _slots[i] = new byte[slotBytes];
        SlotBytes = slotBytes;
    }

    /// <inheritdoc/>
    public int SlotCount => _slots.Length;
    /// <inheritdoc/>
    public int SlotBytes { get; }
    /// <summary>Completed writes.</summary>
    public long Writes { get; private set; }
    /// <summary>Bytes written (flash wear).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>
    /// When set, the next write is torn: only this many bytes of the new content land, and the rest of the
    /// slot keeps its old bytes (length becomes the new length), as a power cut mid-program would leave it.
    /// The callback then fires (the engine cuts power there).
    /// </summary>
    public int? TearNextWriteAfterBytes { get; set; }
    /// <summary>
    /// When set, this many more writes complete and the one after them is torn (at <see cref="TearNextWriteAfterBytes"/>
    /// if set, else before its first byte lands): a power cut between the writes of one multi-record change.
    /// </summary>
    public int? WritesBeforeTear { get; set; }
    /// <summary>Called after a torn write.</summary>
    public Action? OnTorn { get; set; }
    /// <summary>When true every write fails (a worn or broken flash).</summary>
    public bool FailWrites { get; set; }

    /// <inheritdoc/>
    public int Read(int slot, byte[] buffer)
    {
        if (slot < 0 || slot >= _slots.Length) return -1;
        int n = Math.Min(_lengths[slot], buffer.Length);
        Array.Copy(_slots[slot], buffer, n);
        return n;
    }

    /// <inheritdoc/>
    public bool Write(int slot, byte[] data, int length)
    {
        if (slot < 0 || slot >= _slots.Length || length > SlotBytes || FailWrites) return false;
        if (WritesBeforeTear is int before)
        {
            WritesBeforeTear = before > 0 ? before - 1 : null;
            if (before == 0) TearNextWriteAfterBytes ??= 0;
        }
        if (TearNextWriteAfterBytes is int keep)
        {
            TearNextWriteAfterBytes = null;
            Array.Copy(data, _slots[slot], Math.Min(keep, length));
            _lengths[slot] = length;
            OnTorn?.Invoke();
            return false;
        }
        Array.Copy(data, _slots[slot], length);
        _lengths[slot] = length;
        Writes++;
        BytesWritten += length;
        return true;
    }

    /// <summary>Flips one bit of a slot (a flash bit error).</summary>
    public void Corrupt(int slot, int byteIndex) => _slots[slot][byteIndex % Math.Max(_lengths[slot], 1)] ^= 0x10;
}
