using CsCheck;
using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Hal;
using LockFirmware.Indication;
using LockFirmware.Runtime;
using Xunit.Abstractions;

namespace LockFirmware.Tests.Hostile;

/// <summary>
/// Property tests of the safety policy (issue 4) and the bad-input rule against hostile hardware: the real firmware on
/// <see cref="HostileRig"/>, inputs drawn by CsCheck over their whole range (ADC rails, stuck, jumping and noisy channels,
/// both limit switches closed, flickering contacts, garbage keypad columns, requests interleaved, resets). A failure
/// prints CsCheck's reproducing seed (pass it as <c>seed:</c> to <c>Sample</c> to replay) and the rig's history.
/// docs/architecture.md, "Hostile-hardware properties".
/// </summary>
public sealed class HostileHardwareTests(ITestOutputHelper output)
{
    /// <summary>Cases of the main property per run (each a few to 100 virtual seconds); 10x that found nothing more (docs/architecture.md).</summary>
    public const int Iterations = 10000;

    /// <summary>Cases of the out-of-range and damaged-flash properties per run.</summary>
    public const int FocusedIterations = 4000;

    /// <summary>Longest a request may go unanswered once the inputs are sane, virtual ms: a stroke with its retries and way back.</summary>
    private const int AnswerWithinMs = 30000;

    [Fact]
    public void The_rig_plant_locks_and_unlocks_a_provisioned_lock()
    {
        // The rig's own sanity: with every input sane the real firmware completes strokes on the crude plant, so the
        // properties below see a working lock once the hostility ends.
        var rig = new HostileRig(HostileGen.Flash(true), BoardConfig.BoltThrowTenthsMm, 1);
        rig.Boot(ResetCause.Software);
        Assert.True(rig.Settle(20000));
        Assert.Equal(LockMachineState.Locked, rig.Firmware!.MachineState);
        long t = rig.NowMs;
        Assert.True(rig.Act(HostileAction.Unlock));
        Assert.True(rig.Settle(20000), rig.History);
        Assert.True(rig.Reported(LockEventKind.Operation, (int)LockOperation.Unlock, t), Dump(rig));
        Assert.True(rig.BoltTenths < 5, $"bolt at {rig.BoltTenths}");
        t = rig.NowMs;
        Assert.True(rig.Act(HostileAction.Lock));
        Assert.True(rig.Settle(20000), rig.History);
        Assert.True(rig.Reported(LockEventKind.Operation, (int)LockOperation.Lock, t), Dump(rig));
        Assert.True(rig.BoltTenths > 245, $"bolt at {rig.BoltTenths}");
        Assert.False(rig.Motor.Energised);
        output.WriteLine($"longest energised stretch {rig.Motor.LongestMs} ms; faults: {string.Join(",", rig.Events.Where(e => e.Kind == LockEventKind.Fault).Select(e => (FaultCode)e.Code))}");
    }

    [Fact]
    public void Hostile_inputs_never_crash_never_overrun_the_motor_bound_and_leave_a_lock_that_answers()
    {
        long longest = 0;
        int cases = 0, slept = 0;
        HostileGen.Case.Sample(c =>
        {
            var rig = new HostileRig(HostileGen.Flash(c.Provisioned), c.BoltTenths, c.NoiseSeed);
            rig.Boot(c.PowerOnStart ? ResetCause.PowerOn : ResetCause.Software);
            foreach (var s in c.Segments) rig.Run(s);
            // Sane again: whatever ran finishes within the bound (the rig checks it), then the lock answers a request.
            Assert.True(rig.Settle(AnswerWithinMs), $"drive still busy {AnswerWithinMs} ms after the inputs became sane\n  {rig.History}");
            AssertAnswers(rig, c.FinalLock ? HostileAction.Lock : HostileAction.Unlock);
            longest = Math.Max(longest, rig.Motor.LongestMs);
            if (rig.DeepSleeps > 0) slept++;
            cases++;
        }, iter: Iterations, threads: 1, print: c => c.ToString());
        output.WriteLine($"{cases} cases ({slept} with a deep sleep); longest energised stretch {longest} ms (bound {HostileRig.EnergisedBoundMs} ms)");
    }

    /// <summary>A reading outside physical limits, held.</summary>
    public enum OutOfRange { BothLimitsClosed, BatteryAtRail, CurrentAtTopRail, CurrentAtBottomRail }

    [Fact]
    public void Readings_outside_physical_limits_are_reported_as_faults_never_silence_or_a_running_motor()
    {
        var gen = Gen.Select(HostileGen.Case, Gen.Enum<OutOfRange>(), Gen.Bool, Gen.Bool);
        var seen = new Dictionary<OutOfRange, int>();
        gen.Sample((c, what, highRail, lockRequest) =>
        {
            var rig = new HostileRig(HostileGen.Flash(c.Provisioned), c.BoltTenths, c.NoiseSeed);
            rig.Boot(c.PowerOnStart ? ResetCause.PowerOn : ResetCause.Software);
            foreach (var s in c.Segments.Take(2)) rig.Run(s);
            Assert.True(rig.Settle(AnswerWithinMs), $"drive still busy after the inputs became sane\n  {rig.History}");
            long onset = rig.NowMs;
            rig.Motor.ResetLongest();
            var sane = Segment.Sane(0);
            var closed = new DigitalScript(DigitalMode.Constant, false, 1);
            int rail = highRail ? BoardConfig.AdcMaxCounts : 0;
            var (hold, faults) = what switch
            {
                OutOfRange.BothLimitsClosed => (sane with { Extended = closed, Retracted = closed }, new[] { FaultCode.BoltSensorFault }),
                OutOfRange.BatteryAtRail => (sane with { Battery = new AnalogScript(AnalogMode.Constant, rail, 0, 1) }, new[] { FaultCode.BatterySensorFault }),
                OutOfRange.CurrentAtTopRail => (sane with { Current = new AnalogScript(AnalogMode.Constant, BoardConfig.AdcMaxCounts, 0, 1) },
                    new[] { FaultCode.CurrentSensorFault, FaultCode.MotorShort }),
                _ => (sane with { Current = new AnalogScript(AnalogMode.Constant, 0, 0, 1) }, new[] { FaultCode.CurrentSensorFault, FaultCode.MotorOpenCircuit }),
            };
            // Held while idle for a second, then a request made under it, then held on: the rig checks the motor bound throughout.
            // The request is one that needs a stroke (a lock asked for while locked is only confirmed and reads no channel;
            // idle, the battery is read every RestSamplePeriodMs, 10 min), so the firmware does read what is held.
            rig.Run(hold with { DurationMs = 1000 });
            var state = rig.Firmware?.MachineState;
            var request = state == LockMachineState.Locked ? HostileAction.Unlock : state == LockMachineState.Unlocked ? HostileAction.Lock
                : lockRequest ? HostileAction.Lock : HostileAction.Unlock;
            rig.Run(hold with { DurationMs = 10000, Action = request });
            // The request may be refused before any channel is read (a battery the gauge still calls critical after the
            // hostile prefix): the self-test (console `selftest`) reads both ADC channels and the switches whatever the state.
            rig.Run(hold with { DurationMs = 10000, Action = HostileAction.SelfTest });
            // A lock that went back to deep sleep holds its standing faults in the sleep record only (RAM is lost; a fault
            // raised before the onset is not raised again): wake it as the technician's console does and ask it.
            if (rig.Firmware == null) rig.Act(HostileAction.None);
            Assert.True(faults.Any(f => rig.FaultReported(f, onset)),
                $"{what} held for 21 s: none of {string.Join(", ", faults)} reported\n{Dump(rig)}");
            Assert.True(rig.DriveIdle && !rig.Motor.Energised, $"{what}: motor still driven at the end\n{Dump(rig)}");
            // A current channel at a rail is never driven blind: the stroke is refused or cut at its first sample (the
            // self-test's 15 ms pulse may have run before the channel went).
            if (what is OutOfRange.CurrentAtTopRail or OutOfRange.CurrentAtBottomRail)
                Assert.True(rig.Motor.LongestMs <= SelfTest.PulseMs, $"{what}: bridge energised {rig.Motor.LongestMs} ms\n{Dump(rig)}");
            lock (seen) seen[what] = seen.GetValueOrDefault(what) + 1;
        }, iter: FocusedIterations, threads: 1, print: t => $"{t.Item2} high_rail={t.Item3} lock={t.Item4}\n{t.Item1}");
        output.WriteLine(string.Join(", ", seen.Select(kv => $"{kv.Key}: {kv.Value} cases")));
    }

    /// <summary>One damage done to a flash slot before the boot.</summary>
    public enum Damage { RandomBytes, Truncate, FlipBit, Erase, ValidGarbage }

    /// <summary>Slot, damage, and its numbers (length, byte index, bit, payload).</summary>
    public sealed record SlotDamage(int Slot, Damage Kind, int Number, byte[] Bytes)
    {
        public override string ToString() => $"slot {Slot} {Kind} {Number} ({Bytes.Length} bytes)";
    }

    private static readonly Gen<SlotDamage> SlotDamageGen =
        Gen.Select(Gen.Int[0, BoardConfig.StorageSlots - 1], Gen.Enum<Damage>(), Gen.Int[0, BoardConfig.StorageSlotBytes * 8],
            // Zero and 0xFF bytes weighted in: zero and -1 fields (a stroke time of 0, a negative count) are where code divides or indexes.
            Gen.Frequency((3, Gen.Const((byte)0)), (1, Gen.Const((byte)0xFF)), (1, Gen.Byte[0, 3]), (4, Gen.Byte)).Array[0, 300],
            (slot, kind, n, bytes) => new SlotDamage(slot, kind, n, bytes));

    [Fact]
    public void Damaged_records_at_boot_never_crash_and_stored_codes_are_never_lost_silently()
    {
        // Random bytes, truncated copies, flipped bits, erased slots, and records with a valid checksum around nonsense (an
        // older layout, a firmware bug: the checksum cannot tell) in any slot of a provisioned lock's flash. The boot must not
        // throw, the lock must then work under the rig's rules, and the user and master codes must load whenever the damage
        // left the codes record's slots alone; when they do not load, storage_fault says so (never a silent loss).
        var gen = Gen.Select(SlotDamageGen.Array[1, 8], Gen.Enum<ResetCause>(), Gen.Int, Gen.Bool);
        int lost = 0, absent = 0, cases = 0;
        gen.Sample((damage, cause, seed, lockRequest) =>
        {
            var flash = HostileGen.Flash(true);
            bool codesTouched = false;
            foreach (var d in damage)
            {
                // Nonsense with a valid checksum is undetectable in the codes record itself (it would be the codes): only elsewhere.
                if (d.Kind == Damage.ValidGarbage && d.Slot / 2 == LockFirmware.Storage.LockStore.CodesRecord) continue;
                codesTouched |= d.Slot / 2 == LockFirmware.Storage.LockStore.CodesRecord;
                Apply(flash, d);
            }
            var rig = new HostileRig(flash, seed % 2 == 0 ? 0 : BoardConfig.BoltThrowTenthsMm, seed);
            rig.Boot(cause);
            var fw = rig.Firmware!;
            bool codesHeld = fw.Credentials.FindUser("123456".ToCharArray(), 6) >= 0 && fw.Credentials.MatchesMaster("87654321".ToCharArray(), 8);
            if (!codesTouched) Assert.True(codesHeld, $"codes lost with their record untouched\n{Dump(rig)}");
            // Both slots of the codes record empty with no technician record either is what a lock never given codes has:
            // nothing to report. Beside a technician record (written only just before the codes) it is an erased codes file,
            // which the boot must name like any other damage that loses the codes.
            var probe = new byte[flash.SlotBytes];
            bool codesAbsent = flash.Read(0, probe) == 0 && flash.Read(1, probe) == 0;
            if (!codesHeld && codesAbsent && !fw.Credentials.HasTechnician) absent++;
            else if (!codesHeld)
            {
                lost++;
                Assert.True(rig.FaultReported(FaultCode.StorageFault, 0), $"codes lost without storage_fault\n{Dump(rig)}");
            }
            rig.Run(Segment.Sane(3000));
            Assert.True(rig.Settle(AnswerWithinMs), $"drive still busy\n{Dump(rig)}");
            AssertAnswers(rig, lockRequest ? HostileAction.Lock : HostileAction.Unlock);
            cases++;
        }, iter: FocusedIterations, threads: 1, print: t => $"{t.Item2} seed={t.Item3} lock={t.Item4}: {string.Join("; ", t.Item1.Select(d => d.ToString()))}");
        output.WriteLine($"{cases} cases, {lost} with the codes record's copies damaged or erased past loading (storage_fault reported in each), {absent} with both it and the technician record gone");
    }

    private static void Apply(LockFirmware.Simulator.Board.SimStorage flash, SlotDamage d)
    {
        var buffer = new byte[flash.SlotBytes];
        int length = flash.Read(d.Slot, buffer);
        switch (d.Kind)
        {
            case Damage.RandomBytes:
                flash.Write(d.Slot, d.Bytes, d.Bytes.Length);
                break;
            case Damage.Truncate:
                if (length > 0) flash.Write(d.Slot, buffer, d.Number % length);
                break;
            case Damage.FlipBit:
                if (length > 0)
                {
                    buffer[d.Number / 8 % length] ^= (byte)(1 << (d.Number % 8));
                    flash.Write(d.Slot, buffer, length);
                }
                break;
            case Damage.Erase:
                flash.Write(d.Slot, buffer, 0);
                break;
            case Damage.ValidGarbage:
                // The record's header with a sequence above any real one, the payload, and its CRC-32 (RecordStore's layout).
                int id = d.Slot / 2, n = Math.Min(d.Bytes.Length, flash.SlotBytes - LockFirmware.Storage.RecordStore.HeaderBytes - LockFirmware.Storage.RecordStore.TrailerBytes);
                uint seq = 0x7FFF0000u + (uint)d.Number;
                var r = new byte[LockFirmware.Storage.RecordStore.HeaderBytes + n + LockFirmware.Storage.RecordStore.TrailerBytes];
                r[0] = (byte)'L'; r[1] = (byte)'F'; r[2] = (byte)id; r[3] = (byte)LockFirmware.Storage.LockStore.Version;
                BitConverter.GetBytes(seq).CopyTo(r, 4);
                r[8] = (byte)(n & 0xFF); r[9] = (byte)(n >> 8);
                Array.Copy(d.Bytes, 0, r, LockFirmware.Storage.RecordStore.HeaderBytes, n);
                uint crc = LockFirmware.Storage.Crc32.Compute(r, 0, LockFirmware.Storage.RecordStore.HeaderBytes + n);
                BitConverter.GetBytes(crc).CopyTo(r, LockFirmware.Storage.RecordStore.HeaderBytes + n);
                flash.Write(d.Slot, r, r.Length);
                break;
        }
    }

    /// <summary>
    /// The request is answered: the stroke completes (an operation), is refused or fails with a reason (an operation error
    /// or a fault, or the standing fault that refuses it shown again), or, already there, confirmed (the locked/unlocked
    /// feedback); and the drive is idle with the motor off
    /// afterwards.
    /// </summary>
    private static void AssertAnswers(HostileRig rig, HostileAction request)
    {
        long t = rig.NowMs;
        bool accepted = rig.Act(request);
        bool settled = rig.Settle(AnswerWithinMs);
        // A stroke's verdict may follow its end (a short or open circuit is named once the current channel has been read with
        // the bridge off): the drive idle is not yet the answer, so the lock is given the rest of the bound to give it
        // (CsCheck seed 0Aor2fHRlF21: a lock pressed into the end stop it already stood at, its answer 100 ms after the stroke).
        while (Answers(rig, t).Count == 0 && rig.NowMs < t + AnswerWithinMs) rig.Run(Segment.Sane(100));
        var answers = Answers(rig, t);
        Assert.True(answers.Count > 0, $"{request} (accepted={accepted}) got no answer in {AnswerWithinMs} ms\n{Dump(rig)}");
        Assert.True(settled, $"drive still busy {AnswerWithinMs} ms after {request}\n{Dump(rig)}");
        Assert.False(rig.Motor.Energised, $"motor energised after {request} settled\n{Dump(rig)}");
    }

    /// <summary>
    /// What answers a request made at <paramref name="t"/>: an operation, an operation error or a fault, or the locked,
    /// unlocked, refused or fault pattern.
    /// </summary>
    private static List<(long T, LockEventKind Kind, int Code, int Detail)> Answers(HostileRig rig, long t)
        => rig.Events.Where(e => e.T >= t && (e.Kind is LockEventKind.Operation or LockEventKind.OperationError or LockEventKind.Fault
            || e.Kind == LockEventKind.Indication && (IndicationPattern)e.Code is IndicationPattern.Locked or IndicationPattern.Unlocked or IndicationPattern.Refused or IndicationPattern.Fault)).ToList();

    private static string Dump(HostileRig rig)
    {
        var fw = rig.Firmware;
        string state = fw == null ? "asleep" : $"machine {fw.MachineState}, drive {fw.Drive.State}, faults {string.Join(",", Enum.GetValues<FaultCode>().Where(f => fw.Diagnosis.IsActive(f)))}";
        return $"  {state}\n  events: {string.Join(" ", rig.Events.TakeLast(30).Select(e => $"{e.T}:{e.Kind}:{e.Code}"))}\n  history:\n  {rig.History}";
    }
}
