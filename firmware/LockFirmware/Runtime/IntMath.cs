namespace LockFirmware.Runtime
{
    /// <summary>
    /// Integer helpers. System.Math is internal in nanoFramework's mscorlib (the full maths library is a
    /// separate package and works in single-precision floats), so the firmware keeps its own.
    /// </summary>
    public static class IntMath
    {
        /// <summary>The smaller of two values.</summary>
        public static int Min(int a, int b) { return a < b ? a : b; }

        /// <summary>The larger of two values.</summary>
        public static int Max(int a, int b) { return a > b ? a : b; }

        /// <summary>The smaller of two values.</summary>
        public static long Min(long a, long b) { return a < b ? a : b; }

        /// <summary>The larger of two values.</summary>
        public static long Max(long a, long b) { return a > b ? a : b; }

        /// <summary>Absolute value (int.MinValue maps to int.MaxValue rather than overflowing).</summary>
        public static int Abs(int a) { return a >= 0 ? a : (a == int.MinValue ? int.MaxValue : -a); }

        /// <summary><paramref name="value"/> limited to <paramref name="low"/>..<paramref name="high"/>.</summary>
        public static int Clamp(int value, int low, int high) { return value < low ? low : (value > high ? high : value); }

        /// <summary>a * b / c rounded to nearest, computed in 64 bits so the product cannot overflow.</summary>
        public static int MulDiv(int a, int b, int c)
        {
            long p = (long)a * b;
            long half = c / 2;
            long q = p >= 0 ? (p + half) / c : (p - half) / c;
            if (q > int.MaxValue) return int.MaxValue;
            if (q < int.MinValue) return int.MinValue;
            return (int)q;
        }
    }
}
