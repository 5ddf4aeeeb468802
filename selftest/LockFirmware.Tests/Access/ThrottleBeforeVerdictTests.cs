using LockFirmware.Access;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Storage;
using Xunit;

namespace LockFirmware.Tests.Access;

/// <summary>
/// A code attempt is written to flash before its verdict shows (security audit). A person who cuts the power the moment
/// the keypad says "wrong" tears the throttle write that was to count the guess: before the fix the wrong-code feedback
/// came first and the write at the end of the poll, so every guess cut short that way was free (brute force at one
/// guess per battery pull, the wrong-code limit never reached). A right code writes too, before it unlocks, so whether
/// a write is under way tells nothing about the code either.
/// </summary>
public class ThrottleBeforeVerdictTests
{
    private static (bool Torn, bool VerdictShownFirst, bool ThrottleRecordTorn) TearTheWriteAfterHash(string digits)
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = sim.TypeKeys(1000, digits);
        sim.RunUntil(t + 200);
        long hashAt = t + 300;
        var before = new byte[2][];
        for (int s = 0; s < 2; s++)
        {
            before[s] = new byte[sim.Storage.SlotBytes];
            sim.Storage.Read(2 * LockStore.ThrottleRecord + s, before[s]);
        }
        bool torn = false, verdict = false;
        sim.Storage.TearNextWriteAfterBytes = 3;
        sim.Storage.OnTorn = () =>
        {
            torn = true;
            foreach (var e in sim.Events)
            {
                if (e.TMs >= hashAt && (e.Kind == LockEventKind.OperationError || e.Kind == LockEventKind.Operation || e.Kind == LockEventKind.Indication
                    || e.Kind == LockEventKind.Alarm)) verdict = true;
            }
            if (sim.Plant.MotorEnergised) verdict = true;
        };
        sim.TypeKeys(hashAt, "#");
        sim.RunUntil(hashAt + 3000);
        bool throttleTorn = false;
        for (int s = 0; s < 2; s++)
        {
            var now = new byte[sim.Storage.SlotBytes];
            sim.Storage.Read(2 * LockStore.ThrottleRecord + s, now);
            if (!now.AsSpan().SequenceEqual(before[s])) throttleTorn = true;
        }
        return (torn, verdict, throttleTorn);
    }

    [Fact]
    public void A_wrong_code_is_counted_in_flash_before_the_keypad_says_wrong()
    {
        var r = TearTheWriteAfterHash("999999");
        Assert.True(r.Torn && r.ThrottleRecordTorn, "the attempt's throttle write is the first write after #");
        Assert.False(r.VerdictShownFirst, "the wrong-code feedback showed before the guess was counted: a cut then makes it free");
    }

    [Fact]
    public void A_right_code_writes_before_it_unlocks_so_a_write_under_way_tells_nothing()
    {
        var r = TearTheWriteAfterHash("123456");
        Assert.True(r.Torn && r.ThrottleRecordTorn, "a right code writes the throttle record too, before its verdict");
        Assert.False(r.VerdictShownFirst, "the unlock showed before the attempt's write");
    }

    [Fact]
    public void Wrong_codes_interleaved_with_power_cuts_still_reach_the_lockout_and_the_right_code_is_refused()
    {
        var sim = new SimulatedLock(new SimOptions());
        long t = 1000;
        for (int i = 0; i < CodeEntry.WrongCodeLimit; i++)
        {
            t = sim.TypeKeys(t, "99999" + i + "#");
            // Cut the power right after the verdict, at a different phase each time.
            sim.PowerCutAt(t + 5 + 37 * i, 1500);
            t += 4000;
        }
        sim.RunUntil(t);
        Assert.Equal(EntryState.LockedOut, sim.Firmware!.Entry.State);
        // Cut during the lockout: it is served again in full, and the right code is refused.
        sim.PowerCutAt(t + 10000, 2000);
        t = sim.TypeKeys(t + 15000, "123456#");
        sim.RunUntil(t + 3000);
        Assert.Equal(LockState.Locked, sim.Firmware!.LockState);
        Assert.Equal(EntryState.LockedOut, sim.Firmware.Entry.State);
        Assert.Equal(0, sim.Unlocks);
    }
}
