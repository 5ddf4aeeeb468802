using LockFirmware.Simulator.Plant;

namespace LockFirmware.Simulator.Engine;

/// <summary>How a simulation starts: hardware, seed, bolt position and the provisioned codes.</summary>
public sealed class SimOptions
{
    /// <summary>The hardware.</summary>
    public PlantParameters Hardware { get; init; } = new();
    /// <summary>Random seed (noise, typing timing, per-unit ADC error).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>Start with the bolt locked (else unlocked).</summary>
    public bool StartLocked { get; init; } = true;
    /// <summary>User codes to provision.</summary>
    public IReadOnlyList<string> UserCodes { get; init; } = new[] { "123456" };
    /// <summary>Master code.</summary>
    public string MasterCode { get; init; } = "87654321";
    /// <summary>Technician credential.</summary>
    public string TechnicianCode { get; init; } = "24681357";
    /// <summary>
    /// Bolt friction multiplier that came after the fitting: provisioning calibrates without it and applies it before
    /// scenario time 0 (a scenario's hardware <c>friction_factor</c>, as <c>strike_offset_mm</c> is a door that dropped
    /// after fitting). <see cref="PlantParameters.FrictionFactor"/> is the unit's own friction, calibrated in.
    /// </summary>
    public double FrictionSinceFitting { get; init; } = 1.0;
    /// <summary>Run the calibration at provisioning (the contract's scenarios start calibrated).</summary>
    public bool Calibrated { get; init; } = true;
    /// <summary>
    /// Trim the ADC gain at provisioning (the factory step every unit gets: the ESP32's internal reference varies
    /// 1000-1200 mV chip to chip and nanoFramework's <c>AdcChannel.ReadValue</c> returns raw codes, so the firmware
    /// scales them by the stored <c>adc_gain</c>). False leaves the unit untrimmed (gain 1000).
    /// </summary>
    public bool AdcTrimmed { get; init; } = true;
    /// <summary>
    /// The installer sets <c>battery_chemistry</c> to the pack fitted (the hardware's chemistry), as lock apps ask for
    /// the battery type. False leaves it on <c>auto</c>: the firmware detects the chemistry from the pack's voltage, which
    /// cannot tell a used alkaline pack from a NiMH one.
    /// </summary>
    public bool ChemistryConfigured { get; init; } = true;
}
