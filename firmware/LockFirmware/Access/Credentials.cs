namespace LockFirmware.Access
{
    /// <summary>
    /// The codes the lock accepts: up to <see cref="MaxUsers"/> user codes (4-8 digits, Schlage's rule),
    /// one master code (6-8 digits; programming codes are 6 digits on common locks) and the technician
    /// credential for the console (8 digits). Codes never leave this class except to be stored: nothing
    /// here formats a code into text.
    /// </summary>
    public sealed class Credentials
    {
        /// <summary>User code slots.</summary>
        public const int MaxUsers = 16;
        /// <summary>Shortest user code.</summary>
        public const int MinUserDigits = 4;
        /// <summary>Longest code of any kind.</summary>
        public const int MaxDigits = 8;
        /// <summary>Shortest master code.</summary>
        public const int MinMasterDigits = 6;
        /// <summary>Technician credential length.</summary>
        public const int TechnicianDigits = 8;

        private readonly string[] _users = new string[MaxUsers];
        private string _master = "";
        private string _technician = "";

        /// <summary>Number of user codes set.</summary>
        public int UserCount
        {
            get
            {
                int n = 0;
                for (int i = 0; i < MaxUsers; i++) if (_users[i] != null) n++;
                return n;
            }
        }

        /// <summary>True when slot <paramref name="slot"/> holds a code.</summary>
        public bool UserSlotUsed(int slot) { return slot >= 0 && slot < MaxUsers && _users[slot] != null; }

        /// <summary>True when a master code is set.</summary>
        public bool HasMaster { get { return _master.Length > 0; } }

        /// <summary>True when a technician credential is set.</summary>
        public bool HasTechnician { get { return _technician.Length > 0; } }

        /// <summary>
        /// The reason a code overlapping another is refused. Not only prefixes: an entry is accepted when a code ends it
        /// (anti-peep digits may come first), so a code at the end of another opens whenever the other is typed, and the rule
        /// refuses any code inside another; the message said "duplicate or prefix" for all of them (blind acceptance tests,
        /// 2026-11-28).
        /// </summary>
        public const string OverlapError = "same as, inside or containing another code";

        /// <summary>
        /// Checks a proposed code: digits only, length in range, and neither inside nor containing any other code (with
        /// anti-peep entry a code at the end of a longer sequence is accepted, so an overlap would let one code open for
        /// another). Returns null when fine, else the reason.
        /// </summary>
        public string Validate(string code, int minDigits, int maxDigits, int ignoreUserSlot)
        {
            string format = FormatError(code, minDigits, maxDigits);
            if (format != null) return format;
            for (int i = 0; i < MaxUsers; i++)
            {
                if (i == ignoreUserSlot || _users[i] == null) continue;
                if (Overlaps(_users[i], code)) return OverlapError;
            }
            if (ignoreUserSlot != -2 && _master.Length > 0 && Overlaps(_master, code)) return OverlapError;
            return null;
        }

        /// <summary>
        /// A keypad code equal to the technician credential would give whoever holds the code the console's privileges:
        /// refused. So is one inside it (a 4-digit user code inside the 8-digit credential hands its holder half of it,
        /// and the credential typed at the keypad would open for the code), the rule provisioning applies
        /// (<see cref="SetTechnician"/> refuses a credential overlapping a user code). Null when neither.
        /// </summary>
        private string NotTechnician(string code)
        {
            if (_technician.Length == 0) return null;
            if (code == _technician) return "must differ from the technician credential";
            return Overlaps(_technician, code) ? "must not be part of the technician credential" : null;
        }

        /// <summary>Null when <paramref name="code"/> is <paramref name="minDigits"/>..<paramref name="maxDigits"/> digits, else the reason.</summary>
        private static string FormatError(string code, int minDigits, int maxDigits)
        {
            if (code == null || code.Length < minDigits || code.Length > maxDigits) return "length must be " + minDigits.ToString() + ".." + maxDigits.ToString() + " digits";
            for (int i = 0; i < code.Length; i++)
            {
                if (code[i] < '0' || code[i] > '9') return "digits only";
            }
            return null;
        }

        private static bool Overlaps(string a, string b)
        {
            string shorter = a.Length <= b.Length ? a : b;
            string longer = a.Length <= b.Length ? b : a;
            return longer.IndexOf(shorter) >= 0;
        }

        /// <summary>Stores a user code in the first free slot; returns the slot, or -1 with <paramref name="error"/> set.</summary>
        public int AddUser(string code, out string error)
        {
            error = Validate(code, MinUserDigits, MaxDigits, -1);
            if (error == null) error = NotTechnician(code);
            if (error != null) return -1;
            for (int i = 0; i < MaxUsers; i++)
            {
                if (_users[i] == null)
                {
                    _users[i] = code;
                    return i;
                }
            }
            error = "no free user slot";
            return -1;
        }

        /// <summary>Stores a user code in a given slot (restoring from storage). Returns false when the slot is out of range.</summary>
        public bool SetUser(int slot, string code)
        {
            if (slot < 0 || slot >= MaxUsers) return false;
            _users[slot] = code;
            return true;
        }

        /// <summary>Removes a user code; returns false when the slot was empty.</summary>
        public bool RemoveUser(int slot)
        {
            if (!UserSlotUsed(slot)) return false;
            _users[slot] = null;
            return true;
        }

        /// <summary>Slot of the user code that is exactly <paramref name="code"/>, or -1.</summary>
        public int SlotOfUser(string code)
        {
            for (int i = 0; i < MaxUsers; i++)
            {
                if (_users[i] != null && _users[i] == code) return i;
            }
            return -1;
        }

        /// <summary>Sets the master code; returns null or the reason it was refused.</summary>
        public string SetMaster(string code)
        {
            string error = Validate(code, MinMasterDigits, MaxDigits, -2);
            if (error == null) error = NotTechnician(code);
            if (error == null) _master = code;
            return error;
        }

        /// <summary>
        /// Sets the technician credential; returns null or the reason it was refused. Refused like a user or master code
        /// that overlaps it: a credential equal to the master code (or holding it, or inside it) gave the owner's keypad code
        /// the console's privileges and the technician the keypad's unlock; it used to be checked against the user codes only.
        /// </summary>
        public string SetTechnician(string code)
        {
            string error = Validate(code, TechnicianDigits, TechnicianDigits, -2);
            if (error == null && _master.Length > 0 && Overlaps(_master, code)) error = "must not overlap the master code";
            if (error == null) _technician = code;
            return error;
        }

        /// <summary>Puts back a master code this instance held before (empty: none), when the change to it could not be saved.</summary>
        public void RestoreMaster(string previous)
        {
            _master = previous == null ? "" : previous;
        }

        /// <summary>
        /// Restores the technician credential read from storage: the format is checked (8 digits), not the overlap with the
        /// master code or the user codes, which firmware before 2026-11-27 did not refuse (a unit provisioned so must not
        /// lose its console login). The technician record is read after the codes record, whose user codes must not make
        /// it fail either.
        /// </summary>
        public string RestoreTechnician(string code)
        {
            string error = FormatError(code, TechnicianDigits, TechnicianDigits);
            if (error == null) _technician = code;
            return error;
        }

        /// <summary>
        /// Copies every code of <paramref name="other"/> into this instance: a snapshot taken before a change that may not
        /// be saved, put back when it was not (factory reset).
        /// </summary>
        public void CopyFrom(Credentials other)
        {
            for (int i = 0; i < MaxUsers; i++) _users[i] = other._users[i];
            _master = other._master;
            _technician = other._technician;
        }

        /// <summary>Removes every code (factory reset).</summary>
        public void Clear()
        {
            for (int i = 0; i < MaxUsers; i++) _users[i] = null;
            _master = "";
            _technician = "";
        }

        /// <summary>
        /// Index of the user code that the first <paramref name="length"/> digits end with, or -1. Any digits before it
        /// are ignored (anti-peep: an onlooker cannot tell where the code starts), but the code must be the last digits
        /// before <c>#</c>, so each entry tries one code of each length: a code found anywhere in the entry would let one
        /// 16-digit entry try eleven 6-digit codes against the wrong-code limit.
        /// </summary>
        public int FindUser(char[] digits, int length)
        {
            for (int i = 0; i < MaxUsers; i++)
            {
                if (_users[i] != null && EndsWith(digits, length, _users[i])) return i;
            }
            return -1;
        }

        /// <summary>True when the digits end with the master code (digits before it ignored, as for user codes).</summary>
        public bool MatchesMaster(char[] digits, int length)
        {
            return _master.Length > 0 && EndsWith(digits, length, _master);
        }

        /// <summary>True when <paramref name="candidate"/> is exactly the technician credential (compared in constant time).</summary>
        public bool MatchesTechnician(string candidate)
        {
            return candidate != null && MatchesTechnician(candidate.ToCharArray(), 0, candidate.Length);
        }

        /// <summary>
        /// True when <paramref name="length"/> chars of <paramref name="chars"/> from <paramref name="start"/> are exactly the
        /// technician credential, compared in constant time (the console checks a login in its line buffer, which it wipes
        /// afterwards, so the credential typed never becomes a string).
        /// </summary>
        public bool MatchesTechnician(char[] chars, int start, int length)
        {
            if (_technician.Length == 0 || chars == null) return false;
            int diff = length ^ _technician.Length;
            for (int i = 0; i < _technician.Length; i++)
            {
                char c = i < length ? chars[start + i] : '\0';
                diff |= c ^ _technician[i];
            }
            return diff == 0;
        }

        /// <summary>The code in a user slot, for the storage layer only.</summary>
        public string UserForStorage(int slot) { return UserSlotUsed(slot) ? _users[slot] : null; }

        /// <summary>The master code, for the storage layer only.</summary>
        public string MasterForStorage() { return _master; }

        /// <summary>The technician credential, for the storage layer only.</summary>
        public string TechnicianForStorage() { return _technician; }

        private static bool EndsWith(char[] digits, int length, string code)
        {
            int start = length - code.Length;
            if (start < 0) return false;
            for (int j = 0; j < code.Length; j++)
            {
                if (digits[start + j] != code[j]) return false;
            }
            return true;
        }
    }
}
