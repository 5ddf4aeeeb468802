using LockFirmware.Access;
using LockFirmware.Power;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>
/// Runs the unchanged firmware from a given state of charge until the pack is exhausted, with a person
/// unlocking <c>unlocksPerDay</c> times a day (the auto-relock locks again 30 s later, so each unlock is a
/// lock-plus-unlock pair), in virtual time with quiet fast-forward between operations. Records the level
/// transitions, refusals, the estimator's remaining-operations figure and where the fixed 4.8 V / 4.5 V
/// thresholds of commercial locks would have fired. Used by the power tests and bench/PowerBench.
/// </summary>
public sealed class DischargeRun
{
    /// <summary>One day-end (or per-operation) reading of the gauge.</summary>
    /// <remarks>
    /// Besides what the lock reports, each sample holds the gauge's internals and the plant's truth for diagnosis
    /// (bench/PowerBench --trace): the count's state of charge, the filtered measured resistance, and the pack's true
    /// state of charge, rested open-circuit voltage and step resistance.
    /// </remarks>
    public readonly record struct Sample(int Operations, double Days, int EstimatedPairs, int EstimatedDays, BatteryLevel Level, int RestMillivolts,
        int SocPermille = 0, int PackMilliohms = 0, double TrueSoc = 0, double TrueOcvVolts = 0, double TrueOhms = 0,
        int CapacityMilliampHours = 0, int TrendGainPermille = 0, int FloorPermille = 0, int SlowMilliohms = 0, int FilteredRestMillivolts = 0,
        int MotorMilliohms = 0, int PredictedLoadMillivolts = 0);

    /// <summary>Chemistry.</summary>
    public Chemistry Chemistry { get; init; } = Chemistry.Alkaline;
    /// <summary>Ambient temperature, C.</summary>
    public double TemperatureC { get; init; } = 20;
    /// <summary>Starting state of charge.</summary>
    public double StateOfCharge { get; init; } = 1.0;
    /// <summary>Unlocks per day (each followed by an auto-relock).</summary>
    public int UnlocksPerDay { get; init; } = 5;
    /// <summary>Seed.</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Give up after this many days.</summary>
    public int MaxDays { get; init; } = 800;
    /// <summary>Called at the start of each day (swap the battery, change the temperature...).</summary>
    public Action<DischargeRun, int>? EachDay { get; init; }

    /// <summary>The simulation (after <see cref="Run"/>).</summary>
    public SimulatedLock? Sim { get; private set; }
    /// <summary>Watches the plant's pack and decides when it is exhausted.</summary>
    public StandInDrain? Drain { get; private set; }
    /// <summary>Completed operations (locks + unlocks) when the pack died.</summary>
    public int OperationsAtDeath { get; private set; }
    /// <summary>Days when the pack died.</summary>
    public double DaysAtDeath { get; private set; }
    /// <summary>True when the pack died.</summary>
    public bool Died { get; private set; }
    /// <summary>True when the pack died with the bolt thrown.</summary>
    public bool DiedLocked { get; private set; }
    /// <summary>Unlock requests that did not end unlocked while the pack was alive.</summary>
    public int FailedUnlocks { get; private set; }
    /// <summary>Locks refused with insufficient_battery.</summary>
    public int RefusedLocks { get; private set; }
    /// <summary>Operations when the first lock was refused (insufficient_battery): the end of locking service; null when never.</summary>
    public int? OperationsAtFirstRefusal { get; private set; }
    /// <summary>Days when the first lock was refused.</summary>
    public double? DaysAtFirstRefusal { get; private set; }
    /// <summary>Operations at the end of service: the first refused lock, else the death of the pack.</summary>
    public int OperationsAtEndOfService => OperationsAtFirstRefusal ?? OperationsAtDeath;
    /// <summary>Unlocks completed after the first refused lock.</summary>
    public int UnlocksAfterFirstRefusal { get; private set; }
    /// <summary>Level changes reported, in order.</summary>
    public List<BatteryLevel> Levels { get; } = new();
    /// <summary>Operations at the first warning / critical (ours), null when never.</summary>
    public int? OperationsAtWarning { get; private set; }
    /// <summary>Operations at the first critical.</summary>
    public int? OperationsAtCritical { get; private set; }
    /// <summary>Operations when the rest voltage first read at or below 4.8 V (fixed threshold).</summary>
    public int? OperationsAtFixedWarning { get; private set; }
    /// <summary>Operations when the rest voltage first read at or below 4.5 V.</summary>
    public int? OperationsAtFixedCritical { get; private set; }
    /// <summary>Gauge readings before every unlock.</summary>
    public List<Sample> Samples { get; } = new();

    private int Operations => Sim!.Locks + Sim.Unlocks;

    /// <summary>Runs to exhaustion (or <see cref="MaxDays"/>).</summary>
    public DischargeRun Run()
    {
        var sim = new SimulatedLock(new SimOptions
        {
            Seed = Seed,
            StartLocked = true,
            Hardware = new PlantParameters { Chemistry = Chemistry, StateOfCharge = StateOfCharge, TemperatureC = TemperatureC },
        });
        Sim = sim;
        var drain = new StandInDrain(Chemistry, StateOfCharge, sim.Energy.TotalCoulombs);
        Drain = drain;
        sim.OnStep = s => drain.Apply(s);
        if (sim.ReportedFirmware != null) Levels.Add(sim.ReportedFirmware.Battery.Level);
        bool refusedOnce = false;
        sim.OnEvent = ev =>
        {
            if (ev.Kind == LockEventKind.Battery)
            {
                var level = (BatteryLevel)ev.Code;
                if (Levels.Count == 0 || Levels[^1] != level) Levels.Add(level);
                if (level == BatteryLevel.Warning && OperationsAtWarning == null) OperationsAtWarning = Operations;
                if (level == BatteryLevel.Critical)
                {
                    OperationsAtWarning ??= Operations;
                    OperationsAtCritical ??= Operations;
                }
            }
            if (ev.Kind == LockEventKind.OperationError && ev.Code == (int)OperationError.InsufficientBattery)
            {
                RefusedLocks++;
                refusedOnce = true;
                OperationsAtFirstRefusal ??= Operations;
                DaysAtFirstRefusal ??= ev.TMs / 86400000.0;
            }
            if (ev.Kind == LockEventKind.Operation && ev.Code == (int)LockOperation.Unlock && refusedOnce) UnlocksAfterFirstRefusal++;
        };
        long day = 86400000;
        for (int d = 0; d < MaxDays && !drain.Dead; d++)
        {
            EachDay?.Invoke(this, d);
            for (int i = 0; i < UnlocksPerDay && !drain.Dead; i++)
            {
                long t = d * day + (long)((i + 0.5) * day / UnlocksPerDay);
                // The person touches the keypad first ('*' clears an entry): a deep-sleeping lock wakes and boots.
                sim.TypeKeys(t - 4000, "*");
                sim.RunUntil(t);
                if (drain.Dead) break;
                Observe(sim, t);
                sim.Firmware?.RequestUnlock(OperationSource.Console);
                sim.RunUntil(t + 5000);
                if (!drain.Dead && sim.Plant.BoltMm > 1) FailedUnlocks++;
            }
            if (!drain.Dead) sim.RunUntil((d + 1) * day);
        }
        Died = drain.Dead;
        OperationsAtDeath = Operations;
        DaysAtDeath = sim.NowMs / (double)day;
        DiedLocked = Died && sim.Plant.BoltMm > 20;
        return this;
    }

    private void Observe(SimulatedLock sim, long t)
    {
        var fw = sim.ReportedFirmware;
        if (fw == null) return;
        var est = fw.Battery.Estimator;
        int rest = fw.Battery.RestMillivolts;
        if (rest <= BatteryMonitor.FixedWarningMillivolts) OperationsAtFixedWarning ??= Operations;
        if (rest <= BatteryMonitor.FixedCriticalMillivolts) OperationsAtFixedCritical ??= Operations;
        var pack = sim.Plant.Pack;
        Samples.Add(new Sample(Operations, t / 86400000.0, est.RemainingPairs, est.RemainingDays, est.Level, rest,
            est.StateOfChargePermille, est.PackMilliohms, pack.StateOfCharge, pack.RestedOpenCircuitVolts, pack.SeriesOhms,
            est.CapacityMilliampHours, est.TrendGainPermille, est.EndOfServicePermille, est.SlowPackMilliohms, est.RestMillivolts,
            est.MotorMilliohms, est.PredictedLoadMillivolts(est.GuardMotorMilliohms)));
    }
}
