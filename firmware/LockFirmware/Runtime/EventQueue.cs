namespace LockFirmware.Runtime
{
    /// <summary>
    /// Fixed-size, thread-safe FIFO of small events (a kind and one integer argument). Interrupt and
    /// callback context only posts here; the dispatcher takes events on the firmware thread.
    /// Allocates nothing after construction; when full, new events are dropped and counted.
    /// </summary>
    public sealed class EventQueue
    {
        private readonly int[] _kinds;
        private readonly int[] _args;
        private readonly object _sync = new object();
        private int _head;
        private int _count;
        private int _dropped;

        /// <summary>Creates a queue holding up to <paramref name="capacity"/> events.</summary>
        public EventQueue(int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            _kinds = new int[capacity];
            _args = new int[capacity];
        }

        /// <summary>Events waiting.</summary>
        /// <remarks>
        /// Read without the lock: an aligned int read is atomic on every target, and the count only advises when to
        /// poll next (the dispatcher's <see cref="TryTake"/> decides under the lock). NextPollMs reads it on every
        /// scheduling decision, where a monitor enter and exit would cost more than the rest of the calculation.
        /// </remarks>
        public int Count { get { return _count; } }

        /// <summary>Events dropped because the queue was full (a diagnostic counter).</summary>
        public int Dropped { get { lock (_sync) { return _dropped; } } }

        /// <summary>Appends an event; returns false (and counts a drop) when full.</summary>
        public bool Post(QueuedEvent kind, int arg)
        {
            lock (_sync)
            {
                if (_count == _kinds.Length)
                {
                    _dropped++;
                    return false;
                }
                int tail = (_head + _count) % _kinds.Length;
                _kinds[tail] = (int)kind;
                _args[tail] = arg;
                _count++;
                return true;
            }
        }

        /// <summary>Removes the oldest event; returns false when empty.</summary>
        public bool TryTake(out QueuedEvent kind, out int arg)
        {
            lock (_sync)
            {
                if (_count == 0)
                {
                    kind = QueuedEvent.None;
                    arg = 0;
                    return false;
                }
                kind = (QueuedEvent)_kinds[_head];
                arg = _args[_head];
                _head = (_head + 1) % _kinds.Length;
                _count--;
                return true;
            }
        }

        /// <summary>Discards every waiting event.</summary>
        public void Clear()
        {
            lock (_sync)
            {
                _head = 0;
                _count = 0;
            }
        }
    }
}
