using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Simulator.Board;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using LockFirmware.Storage;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Actuation;

/// <summary>The stroke record: the last few in RAM, the last abnormal one persisted (record 7) for the technician.</summary>
public class StrokeRecordTests
{
    private static string? StrokeLine(string reply) =>
        reply.Split('\n').FirstOrDefault(l => l.StartsWith("direction="));

    private static string? Field(string line, string key) =>
        line.Split(' ').Where(p => p.StartsWith(key + "=")).Select(p => p[(key.Length + 1)..]).FirstOrDefault();

    [Fact]
    public void A_jammed_stroke_is_readable_from_the_console_after_a_reboot_with_its_current_trace()
    {
        var sim = NewLock(startLocked: false);
        sim.Plant.Inject(PlantFault.Jam(12, 200));
        sim.Firmware!.RequestLock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 8000);
        Assert.Contains(FaultCode.Jam, sim.FaultsSeen);
        int peakBefore = sim.Firmware.Drive.Record.PeakMilliamps;

        sim.Firmware.Reboot();
        sim.RunUntil(sim.NowMs + 2000);
        LoggedInLock(sim);
        string reply = Send(sim, "stroke");
        Assert.Equal("OK", LastLine(reply));
        Assert.Equal("1", Value(reply, "strokes"));
        string line = StrokeLine(reply)!;
        Assert.Equal("extend", Field(line, "direction"));
        Assert.Equal("jammed", Field(line, "end"));
        Assert.Equal("true", Field(line, "persisted"));
        Assert.Equal(peakBefore.ToString(), Field(line, "peak_ma"));
        int samples = int.Parse(Field(line, "samples")!);
        Assert.True(samples > 20, $"only {samples} trace samples");
        int[] trace = Value(reply, "trace_ma")!.Split(',').Select(int.Parse).ToArray();
        Assert.Equal(samples, trace.Length);
        // The trace shows the stall: the highest sample is the stall current, within one 4 mA step of the peak.
        Assert.InRange(trace.Max(), peakBefore - StrokeRecord.TraceMilliampsPerStep, peakBefore);
    }

    [Fact]
    public void Normal_strokes_keep_history_in_ram_but_do_not_rewrite_the_stored_record()
    {
        var sim = NewLock(startLocked: false);
        var fw = sim.Firmware!;
        fw.RequestLock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 3000);
        uint seqAfterFirst = StoredSequence(sim.Storage);
        Assert.True(seqAfterFirst > 0, "the first stroke after provisioning is stored (nothing was)");
        for (int i = 0; i < 6; i++)
        {
            if (i % 2 == 0) fw.RequestUnlock(OperationSource.Console); else fw.RequestLock(OperationSource.Console);
            sim.RunUntil(sim.NowMs + 3000);
        }
        Assert.Equal(seqAfterFirst, StoredSequence(sim.Storage));
        Assert.Equal(StrokeHistory.Capacity, fw.Strokes.Count);
        Assert.Equal(StrokeDirection.Extend, fw.Strokes.Get(0)!.Direction);
        Assert.Equal(StrokeDirection.Retract, fw.Strokes.Get(1)!.Direction);
        Assert.All(Enumerable.Range(0, StrokeHistory.Capacity), age => Assert.Equal(StrokeEnd.Completed, fw.Strokes.Get(age)!.End));

        // A failed stroke is written, and so is the first good one after it (the stored record must not show a cleared fault).
        sim.Plant.Inject(PlantFault.Jam(10, 300));
        fw.RequestUnlock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 3000);
        fw.RequestLock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 8000);
        Assert.Equal(StrokeEnd.Jammed, fw.Strokes.Get(0)!.End);
        uint afterJam = StoredSequence(sim.Storage);
        Assert.Equal(seqAfterFirst + 1, afterJam);
        sim.Plant.Clear(PlantFaultKind.Jam);
        fw.RequestLock(OperationSource.Console);
        sim.RunUntil(sim.NowMs + 3000);
        Assert.Equal(StrokeEnd.Completed, fw.Strokes.Get(0)!.End);
        Assert.Equal(afterJam + 1, StoredSequence(sim.Storage));
    }

    [Theory]
    [InlineData(0)] [InlineData(9)] [InlineData(40)] [InlineData(200)] [InlineData(500)]
    public void A_power_cut_while_the_stroke_record_is_written_leaves_the_old_or_the_new_record(int cutAfterBytes)
    {
        var flash = new SimStorage();
        var store = new LockStore(new RecordStore(flash));
        var old = Record(StrokeEnd.Jammed, 40, 0x21);
        var fresh = Record(StrokeEnd.Misaligned, 300, 0x37);
        Assert.True(store.SaveStroke(old));
        flash.TearNextWriteAfterBytes = cutAfterBytes;
        store.SaveStroke(fresh);

        var loaded = new StrokeRecord();
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(flash)).LoadStroke(loaded));
        var expected = loaded.End == StrokeEnd.Jammed ? old : fresh;
        Assert.Contains(loaded.End, new[] { StrokeEnd.Jammed, StrokeEnd.Misaligned });
        Assert.Equal(expected.TraceLength, loaded.TraceLength);
        Assert.Equal(expected.PeakMilliamps, loaded.PeakMilliamps);
        Assert.Equal(expected.StopTenthsMm, loaded.StopTenthsMm);
        Assert.Equal(expected.Trace.Take(expected.TraceLength), loaded.Trace.Take(loaded.TraceLength));
    }

    private static StrokeRecord Record(StrokeEnd end, int samples, byte fill)
    {
        var r = new StrokeRecord();
        r.Reset(0, StrokeDirection.Extend, OperationSource.Keypad);
        r.End = end;
        r.Attempts = 3;
        r.PeakMilliamps = fill * 4;
        r.StopTenthsMm = fill;
        r.TraceLength = samples;
        for (int i = 0; i < samples; i++) r.Trace[i] = (byte)(fill + i);
        return r;
    }

    /// <summary>Highest sequence number in the two slots of the stroke record (0 when never written).</summary>
    private static uint StoredSequence(SimStorage flash)
    {
        uint best = 0;
        var buffer = new byte[flash.SlotBytes];
        for (int slot = 2 * LockStore.StrokeRecordId; slot <= 2 * LockStore.StrokeRecordId + 1; slot++)
        {
            if (flash.Read(slot, buffer) < RecordStore.HeaderBytes) continue;
            best = Math.Max(best, BitConverter.ToUInt32(buffer, 4));
        }
        return best;
    }
}
