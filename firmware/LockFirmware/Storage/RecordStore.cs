using LockFirmware.Hal;

namespace LockFirmware.Storage
{
    /// <summary>
    /// Power-safe records over <see cref="IPersistentStorage"/>: each record lives in two slots (A = 2*id,
    /// B = 2*id + 1). A save writes the slot holding the older copy, with a sequence number one higher and a
    /// CRC-32 over header and payload; a load takes the valid copy with the highest sequence. A power cut
    /// during a save can only tear the slot being written, so the other slot still holds the previous
    /// version intact: after any cut the record reads as the old or the new version, never a mix.
    /// Layout of a slot: 'L' 'F' id version | seq (4) | length (2) | payload | crc32 (4).
    /// </summary>
    public sealed class RecordStore
    {
        /// <summary>Header bytes before the payload.</summary>
        public const int HeaderBytes = 10;
        /// <summary>Trailer bytes after the payload (CRC).</summary>
        public const int TrailerBytes = 4;

        private readonly IPersistentStorage _storage;
        private readonly byte[] _buffer;
        private readonly byte[] _probe;
        private readonly uint[] _sequence;
        private readonly int[] _nextSlot;
        private readonly bool[] _known;
        private int _writes;
        private int _invalidCopies;

        /// <summary>Creates a store for up to SlotCount/2 records.</summary>
        public RecordStore(IPersistentStorage storage)
        {
            _storage = storage;
            _buffer = new byte[storage.SlotBytes];
            // A save of a record not yet loaded since start-up reads the slots here, not in Buffer (it holds the payload).
            _probe = new byte[storage.SlotBytes];
            _sequence = new uint[storage.SlotCount / 2];
            _nextSlot = new int[storage.SlotCount / 2];
            _known = new bool[storage.SlotCount / 2];
        }

        /// <summary>The shared work buffer: payloads are written at <see cref="HeaderBytes"/>.</summary>
        public byte[] Buffer { get { return _buffer; } }

        /// <summary>Largest payload.</summary>
        public int MaxPayload { get { return _buffer.Length - HeaderBytes - TrailerBytes; } }

        /// <summary>Slot writes since start-up (flash wear accounting).</summary>
        public int Writes { get { return _writes; } }

        /// <summary>True when the storage has the two slots of record <paramref name="id"/>.</summary>
        public bool Holds(int id) { return id >= 0 && id < _sequence.Length; }

        /// <summary>
        /// Slots of the last <see cref="Load"/> that held data failing the checks (0, 1 or 2). One invalid copy
        /// next to a valid one is what a torn write leaves; the caller decides whether a tear was possible there.
        /// </summary>
        public int LastLoadInvalidCopies { get { return _invalidCopies; } }

        /// <summary>
        /// Loads record <paramref name="id"/>; on <see cref="LoadResult.Loaded"/> its payload is in
        /// <see cref="Buffer"/> from <see cref="HeaderBytes"/>, length in <paramref name="payloadLength"/>.
        /// </summary>
        public LoadResult Load(int id, int version, out int payloadLength)
        {
            payloadLength = 0;
            // A board with fewer slots has no such record (the board's slot count is fixed at build time).
            if (id < 0 || id >= _sequence.Length) return LoadResult.Empty;
            bool anyData;
            int bestSlot = Scan(id, version, _buffer, out anyData);
            if (bestSlot < 0) return anyData ? LoadResult.Corrupt : LoadResult.Empty;
            int count = _storage.Read(bestSlot, _buffer);
            uint sq;
            Valid(_buffer, count, id, version, out sq, out payloadLength);
            return LoadResult.Loaded;
        }

        /// <summary>
        /// Reads both slots of <paramref name="id"/> into <paramref name="work"/> and learns the highest valid sequence and
        /// the slot to write next (the one not holding that copy). Returns the best slot, or -1 when neither is valid.
        /// </summary>
        private int Scan(int id, int version, byte[] work, out bool anyData)
        {
            int a = 2 * id;
            uint bestSeq = 0;
            int bestSlot = -1;
            anyData = false;
            _invalidCopies = 0;
            for (int s = a; s <= a + 1; s++)
            {
                int n = _storage.Read(s, work);
                if (n != 0) anyData = true;
                uint seq;
                int len;
                bool valid = Valid(work, n, id, version, out seq, out len);
                if (n != 0 && !valid) _invalidCopies++;
                if (valid && (bestSlot < 0 || seq > bestSeq))
                {
                    bestSeq = seq;
                    bestSlot = s;
                }
            }
            _known[id] = true;
            _sequence[id] = bestSlot < 0 ? 0 : bestSeq;
            _nextSlot[id] = bestSlot < 0 || bestSlot == a + 1 ? a : a + 1;
            return bestSlot;
        }

        /// <summary>
        /// Saves <paramref name="payloadLength"/> bytes already placed in <see cref="Buffer"/> at
        /// <see cref="HeaderBytes"/> as record <paramref name="id"/>. Returns false on an I/O error.
        /// </summary>
        public bool Save(int id, int version, int payloadLength)
        {
            if (payloadLength < 0 || payloadLength > MaxPayload || id < 0 || id >= _sequence.Length) return false;
            // A record saved before it was loaded since start-up (the deep-sleep record after a power-on, which only a wake
            // reads): the flash may hold copies from before the power loss with higher sequences, which a later load would
            // take over this one (a battery change brought the old pack's clock, gauge and faults back at the first wake).
            // Learn them first, as a load would (without touching Buffer, which holds the payload).
            if (!_known[id])
            {
                bool anyData;
                int invalid = _invalidCopies;
                Scan(id, version, _probe, out anyData);
                _invalidCopies = invalid;
            }
            uint seq = _sequence[id] + 1;
            _buffer[0] = (byte)'L';
            _buffer[1] = (byte)'F';
            _buffer[2] = (byte)id;
            _buffer[3] = (byte)version;
            _buffer[4] = (byte)(seq & 0xFF);
            _buffer[5] = (byte)((seq >> 8) & 0xFF);
            _buffer[6] = (byte)((seq >> 16) & 0xFF);
            _buffer[7] = (byte)((seq >> 24) & 0xFF);
            _buffer[8] = (byte)(payloadLength & 0xFF);
            _buffer[9] = (byte)((payloadLength >> 8) & 0xFF);
            int end = HeaderBytes + payloadLength;
            uint crc = Crc32.Compute(_buffer, 0, end);
            _buffer[end] = (byte)(crc & 0xFF);
            _buffer[end + 1] = (byte)((crc >> 8) & 0xFF);
            _buffer[end + 2] = (byte)((crc >> 16) & 0xFF);
            _buffer[end + 3] = (byte)((crc >> 24) & 0xFF);
            int slot = _nextSlot[id];
            if (slot < 2 * id || slot > 2 * id + 1) slot = 2 * id;
            _writes++;
            if (!_storage.Write(slot, _buffer, end + TrailerBytes)) return false;
            _sequence[id] = seq;
            _nextSlot[id] = slot == 2 * id ? slot + 1 : slot - 1;
            return true;
        }

        /// <summary>Erases both copies of a record (factory reset).</summary>
        public bool Erase(int id)
        {
            _known[id] = true;
            _sequence[id] = 0;
            _nextSlot[id] = 2 * id;
            bool ok = _storage.Write(2 * id, _buffer, 0);
            return _storage.Write(2 * id + 1, _buffer, 0) && ok;
        }

        private static bool Valid(byte[] b, int length, int id, int version, out uint seq, out int payloadLength)
        {
            seq = 0;
            payloadLength = 0;
            if (length < HeaderBytes + TrailerBytes) return false;
            if (b[0] != 'L' || b[1] != 'F' || b[2] != id || b[3] != version) return false;
            int len = b[8] | (b[9] << 8);
            if (HeaderBytes + len + TrailerBytes != length) return false;
            int end = HeaderBytes + len;
            uint stored = (uint)(b[end] | (b[end + 1] << 8) | (b[end + 2] << 16) | (b[end + 3] << 24));
            if (stored != Crc32.Compute(b, 0, end)) return false;
            seq = (uint)(b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24));
            payloadLength = len;
            return true;
        }
    }
}
