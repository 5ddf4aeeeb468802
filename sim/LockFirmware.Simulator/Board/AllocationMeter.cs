namespace LockFirmware.Simulator.Board;

/// <summary>
/// Counts bytes the simulated board (plant physics, adapters) allocates while the firmware calls into it,
/// so the engine can subtract them and hold the firmware alone to "the steady-state loop allocates nothing".
/// </summary>
public sealed class AllocationMeter
{
    /// <summary>Bytes allocated by board code since the last reset.</summary>
    public long ExcludedBytes { get; set; }

    /// <summary>Runs <paramref name="call"/> and books its allocations as board allocations.</summary>
    public T Measure<T>(Func<T> call)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try { return call(); }
        finally { ExcludedBytes += GC.GetAllocatedBytesForCurrentThread() - before; }
    }
}
