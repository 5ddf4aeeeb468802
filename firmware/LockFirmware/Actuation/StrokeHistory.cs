namespace LockFirmware.Actuation
{
    /// <summary>
    /// The last few strokes in RAM (issue 4: "the last few strokes in RAM, the last one persisted for the
    /// technician"). Preallocated records, copied into on each stroke, so keeping history allocates nothing.
    /// </summary>
    public sealed class StrokeHistory
    {
        /// <summary>Strokes kept: four, enough to see a lock-unlock pair and the retried stroke before it.</summary>
        public const int Capacity = 4;

        private readonly StrokeRecord[] _records = new StrokeRecord[Capacity];
        private readonly bool[] _fromStorage = new bool[Capacity];
        private int _count;
        private int _next;

        /// <summary>Creates an empty history.</summary>
        public StrokeHistory()
        {
            for (int i = 0; i < Capacity; i++) _records[i] = new StrokeRecord();
        }

        /// <summary>Strokes held (0..<see cref="Capacity"/>).</summary>
        public int Count { get { return _count; } }

        /// <summary>Adds a copy of <paramref name="record"/> as the newest stroke.</summary>
        public void Add(StrokeRecord record)
        {
            _records[_next].CopyFrom(record);
            _fromStorage[_next] = false;
            Advance();
        }

        /// <summary>
        /// The record the next <see cref="Add"/> would overwrite, to be filled directly (loading the persisted
        /// stroke at start-up); <see cref="CommitLoaded"/> makes it the newest, marked as read from storage.
        /// </summary>
        public StrokeRecord Scratch { get { return _records[_next]; } }

        /// <summary>Makes <see cref="Scratch"/> the newest stroke, marked as read back from flash.</summary>
        public void CommitLoaded()
        {
            _fromStorage[_next] = true;
            Advance();
        }

        /// <summary>The stroke <paramref name="age"/> strokes back (0 = newest); null when not held.</summary>
        public StrokeRecord Get(int age)
        {
            if (age < 0 || age >= _count) return null;
            return _records[Index(age)];
        }

        /// <summary>True when the stroke <paramref name="age"/> back was read from flash at start-up (a stroke from before the reboot).</summary>
        public bool FromStorage(int age)
        {
            return age >= 0 && age < _count && _fromStorage[Index(age)];
        }

        private int Index(int age)
        {
            return (_next - 1 - age + 2 * Capacity) % Capacity;
        }

        private void Advance()
        {
            _next = (_next + 1) % Capacity;
            if (_count < Capacity) _count++;
        }
    }
}
