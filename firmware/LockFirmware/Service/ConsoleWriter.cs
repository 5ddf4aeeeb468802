using LockFirmware.Hal;

namespace LockFirmware.Service
{
    /// <summary>Writes reply text to the serial link through one preallocated byte buffer (ASCII; other characters become '?').</summary>
    public sealed class ConsoleWriter
    {
        private readonly ISerialLink _link;
        private readonly byte[] _buffer = new byte[128];
        private int _used;

        /// <summary>Creates the writer.</summary>
        public ConsoleWriter(ISerialLink link)
        {
            _link = link;
        }

        /// <summary>Writes text.</summary>
        public void Text(string text)
        {
            if (text == null) return;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                _buffer[_used++] = (byte)(c >= ' ' && c <= '~' || c == '\n' ? c : '?');
                if (_used == _buffer.Length) Flush();
            }
        }

        /// <summary>Writes text and a newline.</summary>
        public void Line(string text)
        {
            Text(text);
            Text("\n");
        }

        /// <summary>Writes <c>key=value</c>.</summary>
        public void Pair(string key, string value)
        {
            Text(key);
            Text("=");
            Line(value);
        }

        /// <summary>Writes <c>key=value</c> for a number.</summary>
        public void Pair(string key, long value)
        {
            Pair(key, value.ToString());
        }

        /// <summary>Ends a reply with <c>OK</c>.</summary>
        public void Ok()
        {
            Line("OK");
            Flush();
        }

        /// <summary>Ends a reply with <c>ERR code message</c>.</summary>
        public void Err(int code, string message)
        {
            Line("ERR " + code.ToString() + " " + message);
            Flush();
        }

        /// <summary>Sends what is buffered.</summary>
        public void Flush()
        {
            if (_used == 0) return;
            _link.Write(_buffer, 0, _used);
            _used = 0;
        }
    }
}
