using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Indication;
using LockFirmware.Runtime;
using LockFirmware.Storage;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Diagnosis;

/// <summary>
/// A power cut (a battery change, a pull) is no evidence that a fault is gone: the faults of
/// FaultCatalogue.KeptAcrossPowerLoss are stored in flash when that set changes and come back at the next start, and
/// each still clears only on its own evidence.
/// </summary>
public class FaultsAcrossPowerLossTests
{
    private static SimulatedLock Jammed()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = false });
        sim.At(200, () => sim.Plant.Inject(PlantFault.Jam(12)));
        sim.RunUntil(sim.TypeKeys(1000, "#") + 8000);
        Assert.True(sim.Firmware!.Diagnosis.IsActive(FaultCode.Jam));
        return sim;
    }

    [Fact]
    public void A_jam_survives_a_battery_pull_shows_at_once_and_clears_on_the_next_full_stroke()
    {
        var sim = Jammed();
        long cut = sim.NowMs + 1000;
        sim.PowerCutAt(cut, 2000);
        sim.RunUntil(cut + 5000);
        var fw = sim.Firmware!;
        Assert.Contains(AlarmCode.LockPowerCycled, sim.Alarms);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam), "a power cut is no evidence the jam is gone");
        // Shown at the door at once.
        Assert.Contains(sim.Events, e => e.TMs > cut && e.Kind == LockEventKind.Indication && e.Code == (int)IndicationPattern.Fault && e.Detail == (int)FaultCode.Jam);
        // Not news: the restart does not report the jam again as a new fault event.
        Assert.DoesNotContain(sim.Events, e => e.TMs > cut && e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.Jam);
        // Still jammed: the next '#' meets the obstacle again.
        sim.RunUntil(sim.TypeKeys(sim.NowMs + 500, "#") + 8000);
        Assert.True(fw.Diagnosis.IsActive(FaultCode.Jam));
        // Cleared by hand, then a full stroke: that is the evidence.
        sim.At(sim.NowMs + 100, () => sim.Plant.Clear(PlantFaultKind.Jam));
        sim.RunUntil(sim.TypeKeys(sim.NowMs + 500, "#") + 4000);
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        // And the cleared set is what the next power cut brings back.
        long cut2 = sim.NowMs + 1000;
        sim.PowerCutAt(cut2, 2000);
        sim.RunUntil(cut2 + 5000);
        Assert.False(sim.Firmware!.Diagnosis.IsActive(FaultCode.Jam));
    }

    [Fact]
    public void A_stiff_actuator_warning_survives_a_battery_pull()
    {
        var sim = StiffActuatorLock.AfterOneCycle();
        var before = sim.Firmware!.Diagnosis;
        Assert.True(before.IsActive(FaultCode.StiffActuator));
        sim.PowerCutAt(21000, 2000);
        sim.RunUntil(26000);
        var after = sim.Firmware!.Diagnosis;
        Assert.True(after.IsActive(FaultCode.StiffActuator));
        // Stored when the set changed: the count is the one it had then (docs/storage.md), at least the first raise.
        Assert.True(after.Count(FaultCode.StiffActuator) >= 1);
        Assert.DoesNotContain(sim.Events, e => e.TMs > 21000 && e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.StiffActuator);    }

    [Fact]
    public void A_corrupt_faults_record_is_a_storage_fault_not_an_empty_set()
    {
        var sim = Jammed();
        sim.RunUntil(sim.NowMs + 500);
        // Both copies of the faults record damaged while the power is off.
        long cut = sim.NowMs + 500;
        sim.PowerCutAt(cut, 2000);
        sim.At(cut + 1000, () =>
        {
            sim.Storage.Corrupt(2 * LockStore.FaultsRecord, 12);
            sim.Storage.Corrupt(2 * LockStore.FaultsRecord + 1, 12);
        });
        sim.RunUntil(cut + 5000);
        var fw = sim.Firmware!;
        Assert.True(fw.Diagnosis.IsActive(FaultCode.StorageFault));
        Assert.Contains(sim.Events, e => e.TMs > cut && e.Kind == LockEventKind.Fault && e.Code == (int)FaultCode.StorageFault && e.Detail == LockStore.FaultsRecord);
        Assert.Equal(LockState.Unlocked, fw.LockState);
    }

    [Fact]
    public void The_faults_record_is_written_when_the_set_changes_not_on_every_stroke()
    {
        var sim = Jammed();
        var fw = sim.Firmware!;
        sim.At(sim.NowMs + 100, () => sim.Plant.Clear(PlantFaultKind.Jam));
        sim.RunUntil(sim.TypeKeys(sim.NowMs + 500, "#") + 4000);
        Assert.False(fw.Diagnosis.IsActive(FaultCode.Jam));
        uint seqBefore = FaultsRecordSequence(sim);
        // Ten healthy operations: no change in the kept set, no write of the record.
        for (int i = 0; i < 5; i++)
        {
            sim.TypeKeys(sim.NowMs + 500, "123456#");
            sim.RunUntil(sim.NowMs + 6000);
            sim.TypeKeys(sim.NowMs + 500, "#");
            sim.RunUntil(sim.NowMs + 6000);
        }
        Assert.Equal(LockState.Locked, fw.LockState);
        Assert.Equal(seqBefore, FaultsRecordSequence(sim));
    }

    /// <summary>Highest sequence number of the two copies of the faults record (header bytes 4..7, RecordStore layout).</summary>
    private static uint FaultsRecordSequence(SimulatedLock sim)
    {
        uint best = 0;
        var buffer = new byte[sim.Storage.SlotBytes];
        for (int slot = 2 * LockStore.FaultsRecord; slot <= 2 * LockStore.FaultsRecord + 1; slot++)
        {
            if (sim.Storage.Read(slot, buffer) == 0) continue;
            uint seq = (uint)(buffer[4] | buffer[5] << 8 | buffer[6] << 16 | buffer[7] << 24);
            best = Math.Max(best, seq);
        }
        Assert.NotEqual(0u, best);
        return best;
    }
}
