namespace LockFirmware.Storage
{
    /// <summary>Little-endian reader over a buffer; reading past the end sets <see cref="Overrun"/> instead of throwing.</summary>
    public sealed class ByteReader
    {
        private byte[] _buffer;
        private int _position;
        private int _end;
        private bool _overrun;

        /// <summary>Starts reading <paramref name="buffer"/> between <paramref name="position"/> and <paramref name="end"/>.</summary>
        public void Reset(byte[] buffer, int position, int end)
        {
            _buffer = buffer;
            _position = position;
            _end = end;
            _overrun = false;
        }

        /// <summary>True when a read went past the end: the record is malformed.</summary>
        public bool Overrun { get { return _overrun; } }

        /// <summary>Bytes left before the end (lets a loader accept a record written before fields were appended).</summary>
        public int Remaining { get { return _end - _position; } }

        /// <summary>Reads one byte.</summary>
        public int Byte()
        {
            if (_position >= _end) { _overrun = true; return 0; }
            return _buffer[_position++];
        }

        /// <summary>Reads a 16-bit value.</summary>
        public int UInt16()
        {
            int lo = Byte();
            return lo | (Byte() << 8);
        }

        /// <summary>Reads a 32-bit value.</summary>
        public int Int32()
        {
            int b0 = Byte();
            int b1 = Byte();
            int b2 = Byte();
            int b3 = Byte();
            return b0 | (b1 << 8) | (b2 << 16) | (b3 << 24);
        }

        /// <summary>Reads a 64-bit value.</summary>
        public long Int64()
        {
            long lo = (uint)Int32();
            long hi = Int32();
            return lo | (hi << 32);
        }

        /// <summary>Reads a string written by <see cref="ByteWriter.Text"/> (null for length 255).</summary>
        public string Text()
        {
            int n = Byte();
            if (n == 255) return null;
            char[] chars = new char[n];
            for (int i = 0; i < n; i++) chars[i] = (char)Byte();
            return new string(chars);
        }
    }
}
