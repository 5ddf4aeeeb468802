namespace LockFirmware.Runtime
{
    /// <summary>
    /// The one place every state machine reports "from -> to because cause". Keeps the newest
    /// <see cref="Capacity"/> transitions in a ring (for the console's <c>trace</c>) and forwards each to an
    /// optional listener. Machines, states and causes are numbers; <see cref="Names"/> prints them.
    /// </summary>
    public sealed class TransitionTrace
    {
        private readonly long[] _timeMs;
        private readonly int[] _machine;
        private readonly int[] _from;
        private readonly int[] _to;
        private readonly int[] _cause;
        private int _next;
        private int _count;

        /// <summary>Creates a trace keeping the newest <paramref name="capacity"/> transitions.</summary>
        public TransitionTrace(int capacity)
        {
            _timeMs = new long[capacity];
            _machine = new int[capacity];
            _from = new int[capacity];
            _to = new int[capacity];
            _cause = new int[capacity];
        }

        /// <summary>Ring size.</summary>
        public int Capacity { get { return _timeMs.Length; } }

        /// <summary>Transitions held (at most <see cref="Capacity"/>).</summary>
        public int Count { get { return _count; } }

        /// <summary>Optional listener told of each transition as it happens.</summary>
        public ITransitionListener Listener;

        /// <summary>Records a transition.</summary>
        public void Record(long timeMs, TraceMachine machine, int fromState, int toState, TraceCause cause)
        {
            _timeMs[_next] = timeMs;
            _machine[_next] = (int)machine;
            _from[_next] = fromState;
            _to[_next] = toState;
            _cause[_next] = (int)cause;
            _next = (_next + 1) % _timeMs.Length;
            if (_count < _timeMs.Length) _count++;
            ITransitionListener l = Listener;
            if (l != null) l.OnTransition(timeMs, (int)machine, fromState, toState, (int)cause);
        }

        /// <summary>Reads transition <paramref name="age"/> (0 = newest).</summary>
        public void Get(int age, out long timeMs, out TraceMachine machine, out int fromState, out int toState, out TraceCause cause)
        {
            if (age < 0 || age >= _count) throw new System.ArgumentOutOfRangeException("age");
            int i = (_next - 1 - age + _timeMs.Length * 2) % _timeMs.Length;
            timeMs = _timeMs[i];
            machine = (TraceMachine)_machine[i];
            fromState = _from[i];
            toState = _to[i];
            cause = (TraceCause)_cause[i];
        }
    }
}
