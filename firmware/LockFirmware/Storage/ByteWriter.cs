namespace LockFirmware.Storage
{
    /// <summary>Little-endian writer over a preallocated buffer (no BinaryWriter on the device runtime).</summary>
    public sealed class ByteWriter
    {
        private byte[] _buffer;
        private int _position;
        private bool _overflow;

        /// <summary>Starts writing at the beginning of <paramref name="buffer"/>.</summary>
        public void Reset(byte[] buffer, int position)
        {
            _buffer = buffer;
            _position = position;
            _overflow = false;
        }

        /// <summary>Bytes written so far (position in the buffer).</summary>
        public int Position { get { return _position; } }

        /// <summary>True when a write did not fit; the record must not be stored.</summary>
        public bool Overflow { get { return _overflow; } }

        /// <summary>Writes one byte.</summary>
        public void Byte(int value)
        {
            if (_position >= _buffer.Length) { _overflow = true; return; }
            _buffer[_position++] = (byte)value;
        }

        /// <summary>Writes a 16-bit value.</summary>
        public void UInt16(int value)
        {
            Byte(value & 0xFF);
            Byte((value >> 8) & 0xFF);
        }

        /// <summary>Writes a 32-bit value.</summary>
        public void Int32(int value)
        {
            Byte(value & 0xFF);
            Byte((value >> 8) & 0xFF);
            Byte((value >> 16) & 0xFF);
            Byte((value >> 24) & 0xFF);
        }

        /// <summary>Writes a 64-bit value.</summary>
        public void Int64(long value)
        {
            Int32((int)(value & 0xFFFFFFFFL));
            Int32((int)(value >> 32));
        }

        /// <summary>Writes a short ASCII string as a length byte and its characters (null as length 255).</summary>
        public void Text(string value)
        {
            if (value == null) { Byte(255); return; }
            Byte(value.Length);
            for (int i = 0; i < value.Length; i++) Byte(value[i]);
        }
    }
}
