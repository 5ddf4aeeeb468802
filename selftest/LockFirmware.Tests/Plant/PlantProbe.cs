using System;
using System.Collections.Generic;
using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Plant;

/// <summary>Drives a plant like the firmware would and records what its sensors read.</summary>
internal static class PlantProbe
{
    /// <summary>Nominal conversion the firmware would use: counts to millivolts at the ADC pin.</summary>
    public static double CountsToMillivolts(double counts) => counts * BoardConfig.AdcFullScaleMillivolts / BoardConfig.AdcMaxCounts;

    /// <summary>Nominal conversion of current-channel counts to milliamps.</summary>
    public static double CountsToMilliamps(double counts) =>
        (CountsToMillivolts(counts) - BoardConfig.CurrentSenseOffsetMillivolts) * 1000.0 / BoardConfig.CurrentSenseMicrovoltsPerMilliamp;

    /// <summary>Nominal conversion of battery-channel counts to pack millivolts.</summary>
    public static double CountsToPackMillivolts(double counts) => CountsToMillivolts(counts) * BoardConfig.BatteryDividerRatio;

    /// <summary>
    /// Drives the bridge for <paramref name="seconds"/> at 1 ms steps, sampling both ADC channels every step.
    /// </summary>
    public static Stroke Drive(LockPlant plant, BridgeMode mode, double seconds, int dutyPermille = 1000)
    {
        var s = new Stroke();
        plant.SetBridge(mode, dutyPermille);
        double start = plant.TimeSeconds;
        int steps = (int)Math.Round(seconds / 0.001);
        for (int i = 0; i < steps; i++)
        {
            plant.Step(0.001);
            double t = plant.TimeSeconds - start;
            int current = plant.SampleMotorCurrentCounts();
            int battery = plant.SampleBatteryCounts();
            s.Time.Add(t);
            s.CurrentCounts.Add(current);
            s.BatteryCounts.Add(battery);
            s.BoltMm.Add(plant.BoltMm);
            s.McuPowered.Add(plant.McuPowered);
            s.BatteryMillivolts.Add(plant.BatteryTerminalMillivolts);
            if (double.IsNaN(s.ExtendedAt) && !plant.LimitExtendedHigh)
            {
                s.ExtendedAt = t;
            }
            if (double.IsNaN(s.RetractedAt) && !plant.LimitRetractedHigh)
            {
                s.RetractedAt = t;
            }
        }
        plant.SetBridge(BridgeMode.Brake, 0);
        return s;
    }

    /// <summary>What one drive recorded.</summary>
    internal sealed class Stroke
    {
        public readonly List<double> Time = new();
        public readonly List<int> CurrentCounts = new();
        public readonly List<int> BatteryCounts = new();
        public readonly List<double> BoltMm = new();
        public readonly List<bool> McuPowered = new();
        public readonly List<double> BatteryMillivolts = new();
        public double ExtendedAt = double.NaN;
        public double RetractedAt = double.NaN;

        /// <summary>Mean current counts between two times (seconds from the start of the drive).</summary>
        public double MeanCurrentCounts(double from, double to) => Mean(CurrentCounts, from, to);

        /// <summary>Mean battery counts between two times.</summary>
        public double MeanBatteryCounts(double from, double to) => Mean(BatteryCounts, from, to);

        /// <summary>Lowest battery counts while the MCU was running.</summary>
        public int MinBatteryCounts
        {
            get
            {
                int min = int.MaxValue;
                for (int i = 0; i < BatteryCounts.Count; i++)
                {
                    if (McuPowered[i] && BatteryCounts[i] < min)
                    {
                        min = BatteryCounts[i];
                    }
                }
                return min;
            }
        }

        /// <summary>Time the bolt first reached <paramref name="mm"/>, or NaN.</summary>
        public double TimeToReach(double mm)
        {
            for (int i = 0; i < BoltMm.Count; i++)
            {
                if (BoltMm[i] >= mm)
                {
                    return Time[i];
                }
            }
            return double.NaN;
        }

        private double Mean(List<int> values, double from, double to)
        {
            double sum = 0;
            int n = 0;
            for (int i = 0; i < Time.Count; i++)
            {
                if (Time[i] >= from && Time[i] < to)
                {
                    sum += values[i];
                    n++;
                }
            }
            return n == 0 ? double.NaN : sum / n;
        }
    }
}
