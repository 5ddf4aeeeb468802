using LockFirmware.Storage;

namespace LockFirmware.Actuation
{
    /// <summary>
    /// The running current and speed-implied resistance of the last stroke per direction that the assessor found normal,
    /// and when it ran. A lock's
    /// temperature moves by a few kelvin an hour at most (the mass of door and lock body against the weather), so within
    /// <see cref="MaxAgeMs"/> the grease has the same stiffness and a running current that jumps from one stroke to the
    /// next is a mechanical change (screws over-tightened, a dropped door, dirt), not cold grease. Kept in RAM and in the
    /// deep-sleep record; forgotten at a reboot, after which the time since the last stroke is unknown.
    /// </summary>
    public sealed class RecentStrokeCurrents
    {
        /// <summary>How long a remembered stroke stays comparable: one hour.</summary>
        public const long MaxAgeMs = 3600000;

        private readonly int[] _milliamps = new int[2];
        private readonly long[] _atMs = new long[2];
        private readonly int[] _resistancePermille = new int[2];
        private readonly int[] _packMilliohms = new int[2];

        /// <summary>The remembered running current for <paramref name="direction"/>, mA, or 0 when none or too old.</summary>
        public int Get(StrokeDirection direction, long nowMs)
        {
            int d = (int)direction;
            if (_milliamps[d] <= 0 || nowMs < _atMs[d] || nowMs - _atMs[d] > MaxAgeMs) return 0;
            return _milliamps[d];
        }

        /// <summary>
        /// The remembered stroke's speed-implied resistance for <paramref name="direction"/> (permille of calibration, 0 =
        /// none); valid while <see cref="Get"/> returns a current.
        /// </summary>
        public int ResistancePermille(StrokeDirection direction)
        {
            return _resistancePermille[(int)direction];
        }

        /// <summary>
        /// The battery pack's filtered resistance when the remembered stroke for <paramref name="direction"/> ran, milliohms (0 =
        /// unknown); valid while <see cref="Get"/> returns a current.
        /// </summary>
        public int PackMilliohms(StrokeDirection direction)
        {
            return _packMilliohms[(int)direction];
        }

        /// <summary>Remembers a normal stroke's running current and speed-implied resistance (permille, 0 = unknown).</summary>
        public void Note(StrokeDirection direction, long nowMs, int milliamps, int resistancePermille)
        {
            Note(direction, nowMs, milliamps, resistancePermille, 0);
        }

        /// <summary>
        /// As <see cref="Note(StrokeDirection, long, int, int)"/>, with the pack's filtered resistance after the stroke (milliohms,
        /// 0 = unknown): the cells share the housing with the motor and gearbox, so a later stroke whose pack reads much higher
        /// ran in a colder lock.
        /// </summary>
        public void Note(StrokeDirection direction, long nowMs, int milliamps, int resistancePermille, int packMilliohms)
        {
            if (milliamps <= 0) return;
            int d = (int)direction;
            _milliamps[d] = milliamps;
            _atMs[d] = nowMs;
            _resistancePermille[d] = resistancePermille;
            _packMilliohms[d] = packMilliohms;
        }

        /// <summary>Writes both directions to the deep-sleep record.</summary>
        public void Write(ByteWriter w)
        {
            for (int d = 0; d < 2; d++)
            {
                w.Int32(_milliamps[d]);
                w.Int64(_atMs[d]);
                w.Int32(_resistancePermille[d]);
            }
        }

        /// <summary>
        /// Writes both directions' pack resistance (<see cref="PackMilliohms"/>). A separate, appended field of the deep-sleep
        /// record, so a record written before it existed still reads.
        /// </summary>
        public void WritePack(ByteWriter w)
        {
            for (int d = 0; d < 2; d++) w.Int32(_packMilliohms[d]);
        }

        /// <summary>Reads what <see cref="WritePack"/> wrote; a record without it leaves the pack resistances unknown (0).</summary>
        public void ReadPack(ByteReader r)
        {
            for (int d = 0; d < 2; d++) _packMilliohms[d] = r.Remaining >= 4 ? r.Int32() : 0;
        }

        /// <summary>Reads what <see cref="Write"/> wrote; a record without it (older firmware) leaves nothing remembered.</summary>
        public void Read(ByteReader r)
        {
            for (int d = 0; d < 2; d++)
            {
                if (r.Remaining < 16) return;
                _milliamps[d] = r.Int32();
                _atMs[d] = r.Int64();
                _resistancePermille[d] = r.Int32();
            }
        }
    }
}
