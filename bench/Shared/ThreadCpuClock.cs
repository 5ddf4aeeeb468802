using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LockFirmware.Bench.Shared;

/// <summary>
/// CPU time of the calling thread, so a speed benchmark can report what one free core would give even when
/// other jobs share the machine (wall-clock figures drop with the load; this one mostly does not). On Linux it
/// reads CLOCK_THREAD_CPUTIME_ID (clock_gettime(2), nanosecond resolution); elsewhere it falls back to the
/// whole process's CPU time, which also counts the runtime's own threads (JIT, GC).
/// </summary>
internal static class ThreadCpuClock
{
    private const int ClockThreadCpuTimeId = 3; // Linux <time.h>

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clockId, out TimeSpec time);

    /// <summary>True when the figure is this thread's alone (Linux); false when it is the whole process's.</summary>
    public static bool PerThread { get; } = OperatingSystem.IsLinux() && TryThread(out _);

    /// <summary>CPU seconds used so far.</summary>
    public static double Seconds()
    {
        if (PerThread && TryThread(out double s))
        {
            return s;
        }
        return Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
    }

    private static bool TryThread(out double seconds)
    {
        seconds = 0;
        try
        {
            if (ClockGetTime(ClockThreadCpuTimeId, out TimeSpec t) != 0)
            {
                return false;
            }
            seconds = t.Seconds + t.Nanoseconds * 1e-9;
            return true;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
